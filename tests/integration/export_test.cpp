// `amhost export` writes trials.csv and best.json again from a study database, and
// [output] storage = "memory" runs a study with no database at all.
#include <gtest/gtest.h>

#include <filesystem>

#include "amhost_runner.hpp"

using namespace amtest;
namespace fs = std::filesystem;

TEST(Export, RewritesTheFilesAStudyLeft) {
  TempDir dir;
  const std::string pipeline = example("quickstart/pipeline.toml");
  ASSERT_EQ(run_amhost({pipeline, "-o", dir / "run", "-q", "-n", "6"}).status, 0);
  const std::string trials = read_text(dir / "run/trials.csv");
  const std::string best = read_text(dir / "run/best.json");
  ASSERT_NE(best.find("\"test_score\""), std::string::npos) << best;

  // In place, after the files were lost.
  fs::remove(dir / "run/trials.csv");
  fs::remove(dir / "run/best.json");
  Result r = run_amhost({"export", dir / "run"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("6 finished trials"), std::string::npos) << r.out;
  EXPECT_EQ(read_text(dir / "run/trials.csv"), trials);
  EXPECT_EQ(read_text(dir / "run/best.json"), best);

  // Elsewhere: the model file is named by its full path, since it stays with the database.
  r = run_amhost({"export", dir / "run/study.db", "-o", dir / "copy", "-q"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_text(dir / "copy/trials.csv"), trials);
  EXPECT_NE(read_text(dir / "copy/best.json").find(dir / "run/model.amsmodel"), std::string::npos);
}

TEST(Export, ABadDatabaseIsBadInput) {
  TempDir dir;
  Result r = run_amhost({"export", dir / "nothing"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no study database there"), std::string::npos) << r.err;
  write_text(dir / "junk.db", "this is not a database at all, not even SQLite, just some text");
  r = run_amhost({"export", dir / "junk.db"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("junk.db"), std::string::npos) << r.err;
  r = run_amhost({"export"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("'export' needs a study database"), std::string::npos) << r.err;
}

TEST(MemoryStorage, WritesTheFilesButNoDatabase) {
  TempDir dir;
  const std::string pipeline = example("quickstart/pipeline.toml");
  Result r = run_amhost({pipeline, "-o", dir / "run", "-q", "-n", "5", "--set",
                         "output.storage=\"memory\""});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines_of(read_text(dir / "run/trials.csv")).size(), 6u);
  EXPECT_TRUE(fs::exists(dir / "run/best.json"));
  EXPECT_FALSE(fs::exists(dir / "run/study.db"));

  r = run_amhost({pipeline, "-o", dir / "run", "-q", "--resume", "--set",
                  "output.storage=\"memory\""});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("nothing to resume"), std::string::npos) << r.err;

  r = run_amhost({pipeline, "-o", dir / "run", "-q", "--set", "output.storage=\"disk\""});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("expected \"sqlite\""), std::string::npos) << r.err;
}
