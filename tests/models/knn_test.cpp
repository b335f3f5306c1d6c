#include <random>

#include "knn/neighbor_search.hpp"
#include "model_testing.hpp"

using namespace modeltest;

TEST(KnnSearch, MatchesExhaustiveSortForEveryOrder) {
  std::mt19937_64 rng(2);
  std::normal_distribution<double> g(0, 1);
  const int n = 3000, d = 7, nq = 70, k = 9;  // more rows than one tile, more queries than one tile
  amsknn::RowMatrix train(n, d), queries(nq, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) train(i, j) = std::round(g(rng) * 4) / 4;  // coarse grid: many ties
  for (int i = 0; i < nq; ++i)
    for (int j = 0; j < d; ++j) queries(i, j) = i < 10 ? train(i * 7, j) : g(rng);
  for (double p : {1.0, 2.0, 3.0}) {
    const auto found = amsknn::NeighborSearch(train, p).query(queries, k);
    for (int q = 0; q < nq; ++q) {
      std::vector<double> all;
      for (int i = 0; i < n; ++i) all.push_back(amsknn::minkowski(queries.row(q).data(), train.row(i).data(), d, p));
      std::sort(all.begin(), all.end());
      ASSERT_EQ(found[static_cast<size_t>(q)].size(), static_cast<size_t>(k));
      for (int j = 0; j < k; ++j)
        EXPECT_NEAR(found[static_cast<size_t>(q)][static_cast<size_t>(j)].distance, all[static_cast<size_t>(j)], 1e-9)
            << "p = " << p << " query " << q << " rank " << j;
    }
  }
}

TEST(Knn, IrisAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "knn", "n_neighbors = 5");
  EXPECT_GE(fit_and_score(*model, iris()), 0.9);
}

TEST(Knn, DigitsAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "knn", "n_neighbors = 3\nstandardize = false");
  EXPECT_GE(fit_and_score(*model, digits()), 0.96);
  auto manhattan = amtest::make(AMS_KIND_MODEL, "knn", "n_neighbors = 5\np = 1\nweights = \"distance\"");
  EXPECT_GE(fit_and_score(*manhattan, digits()), 0.94);
}

TEST(Knn, DiabetesR2Floor) {
  auto model = amtest::make(AMS_KIND_MODEL, "knn", "n_neighbors = 20\nweights = \"distance\"");
  EXPECT_GE(fit_and_score(*model, diabetes()), 0.35);
}

TEST(Knn, DistanceWeightsReproduceTrainingPoints) {
  const Split s = digits();
  auto model = amtest::make(AMS_KIND_MODEL, "knn", "n_neighbors = 10\nweights = \"distance\"");
  amtest::fit(*model, s.train());
  std::vector<double> truth;
  for (int64_t r : s.train_rows) truth.push_back(s.table.y[static_cast<size_t>(r)]);
  // Digits has a few duplicate images with different labels, hence not exactly 1.
  EXPECT_GE(amtest::accuracy(truth, amtest::predict(*model, s.train())), 0.995);
}

TEST(Knn, ProbabilitiesAreNeighbourShares) {
  const Split s = iris();
  auto model = amtest::make(AMS_KIND_MODEL, "knn", "n_neighbors = 4");
  amtest::fit(*model, s.train());
  const auto proba = amtest::predict_proba(*model, s.test(), 3);
  const auto pred = amtest::predict(*model, s.test());
  for (size_t i = 0; i < pred.size(); ++i) {
    EXPECT_NEAR(proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2], 1.0, 1e-12);
    for (size_t c = 0; c < 3; ++c) EXPECT_NEAR(proba[3 * i + c] * 4, std::round(proba[3 * i + c] * 4), 1e-12);
    EXPECT_GE(proba[3 * i + static_cast<size_t>(pred[i])], 0.5 - 1e-12);
  }
}

TEST(Knn, RegressionIsTheNeighbourMean) {
  amtest::Table t;
  t.task = AMS_TASK_REGRESSION;
  t.n_features = 1;
  t.n_rows = 5;
  t.X = {0, 1, 2, 10, 11};
  t.y = {1, 2, 3, 40, 50};
  auto model = amtest::make(AMS_KIND_MODEL, "knn", "n_neighbors = 2\nstandardize = false");
  amtest::fit(*model, t.view());
  amtest::Table q = t;
  q.X = {0.2, 10.6, 1.9, 5, 6};
  EXPECT_EQ(amtest::predict(*model, q.view()), (std::vector<double>{1.5, 45, 2.5, 2.5, 21.5}));
}

TEST(Knn, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("knn", "n_neighbors = 7\nweights = \"distance\"", iris(), true);
  expect_save_load_roundtrip("knn", "n_neighbors = 7\np = 1", diabetes(), false);
}

TEST(Knn, RejectsBadOptions) {
  std::string e = create_error("knn", "p = 0.5");
  EXPECT_NE(e.find("Minkowski order must be"), std::string::npos) << e;
  e = create_error("knn", "n_neighbors = 0");
  EXPECT_NE(e.find("n_neighbors"), std::string::npos) << e;
  e = create_error("knn", "weights = \"inverse\"");
  EXPECT_NE(e.find("distance"), std::string::npos) << e;
}
