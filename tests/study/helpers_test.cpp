#include <gtest/gtest.h>

#include <atomic>

#include "console/console_progress.hpp"
#include "common/suggest.hpp"
#include "study/plugin_object.hpp"
#include "study/worker_pool.hpp"

using namespace amcore;

TEST(Console, ShortParams) {
  EXPECT_EQ(short_params(R"({"model":"knn","knn.n_neighbors":5,"knn.weights":"distance"})"),
            "model=knn n_neighbors=5 weights=distance");
  EXPECT_EQ(short_params(R"({"x0":9.622835775883681,"flag":true})"), "x0=9.62284 flag=true");
  EXPECT_EQ(short_params("{}"), "");
}

TEST(Console, FormatSeconds) {
  EXPECT_EQ(format_seconds(0.25), "250 ms");
  EXPECT_EQ(format_seconds(12.34), "12.3 s");
  EXPECT_EQ(format_seconds(245), "4 min 05 s");
  EXPECT_EQ(format_seconds(3720), "1 h 02 min");
}

TEST(Console, FormatValue) {
  EXPECT_EQ(format_value(0.9666666666), "0.966667");
  EXPECT_EQ(format_value(std::nan("")), "nan");
}

TEST(PluginObject, EditDistance) {
  EXPECT_EQ(edit_distance("seed", "sed"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(WorkerPool, RunsEveryJobOnItsThreads) {
  CompletionQueue<int> done;
  std::atomic<int> bad_worker{0};
  {
    WorkerPool pool(3);
    for (int i = 0; i < 50; ++i)
      pool.submit([&, i](int worker) {
        if (worker < 0 || worker >= 3) ++bad_worker;
        done.push(i);
      });
  }
  int sum = 0, count = 0;
  while (auto v = done.pop_for(std::chrono::milliseconds(0))) {
    sum += *v;
    ++count;
  }
  EXPECT_EQ(count, 50);
  EXPECT_EQ(sum, 49 * 50 / 2);
  EXPECT_EQ(bad_worker.load(), 0);
}
