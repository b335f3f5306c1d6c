// The mlp plugin end to end: accuracy floors, options, reports, budgets, stopping, early
// stopping, sample weights, determinism, save/load.
#include "mlp_helpers.hpp"

using namespace modeltest;
using namespace mlptest;

TEST(Mlp, DigitsAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "hidden = [64]\nmax_epochs = 100");
  EXPECT_GE(fit_and_score(*model, digits()), 0.95);
}

TEST(Mlp, IrisAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "hidden = [16]\nmax_epochs = 300\nlearning_rate = 0.01");
  EXPECT_GE(fit_and_score(*model, iris()), 0.9);
}

TEST(Mlp, DiabetesR2Floor) {
  auto model = amtest::make(AMS_KIND_MODEL, "mlp",
                            "hidden = [16]\nmax_epochs = 100\nalpha = 0.01\nbatch_size = 32\nearly_stopping = true");
  EXPECT_GE(fit_and_score(*model, diabetes()), 0.3);
}

TEST(Mlp, EveryOptimizerAndScheduleLearnsDigits) {
  const char* configs[] = {
      "optimizer = \"sgd\"\nlearning_rate = 0.1",
      "optimizer = \"momentum\"\nlearning_rate = 0.02",
      "optimizer = \"momentum\"\nnesterov = true\nlearning_rate = 0.02\nschedule = \"cosine\"",
      "optimizer = \"adam\"\nschedule = \"step\"\nstep_size = 10\ngamma = 0.5\nlearning_rate = 0.003",
      "activation = \"tanh\"",
      "activation = \"gelu\"\ndropout = 0.2",
      "activation = \"sigmoid\"\nlearning_rate = 0.01",
      "l1 = 0.0001\nalpha = 0.001",
  };
  const Split s = digits();
  for (const char* c : configs) {
    auto model = amtest::make(AMS_KIND_MODEL, "mlp", std::string("hidden = [32]\nmax_epochs = 30\n") + c);
    EXPECT_GE(fit_and_score(*model, s), 0.9) << c;
  }
}

TEST(Mlp, ConditionalArchitectureForm) {
  auto model = amtest::make(AMS_KIND_MODEL, "mlp",
                            "n_layers = 2\nunits_1 = 24\nunits_2 = 12\nunits_3 = 99\nactivation_2 = \"tanh\"\n"
                            "dropout_1 = 0.1\nmax_epochs = 3");
  amtest::fit(*model, iris().train());
  const amsmlp::Fitted f = saved_network(*model);
  ASSERT_EQ(f.net.layers.size(), 3u);  // units_3 is beyond n_layers: ignored
  EXPECT_EQ(f.net.layers[0].W.cols(), 24);
  EXPECT_EQ(f.net.layers[1].W.cols(), 12);
  EXPECT_EQ(f.net.layers[0].activation, amsmlp::Activation::relu);
  EXPECT_EQ(f.net.layers[1].activation, amsmlp::Activation::tanh);
  EXPECT_DOUBLE_EQ(f.net.layers[0].dropout, 0.1);
  EXPECT_EQ(f.net.layers[2].W.cols(), 3);

  auto linear = amtest::make(AMS_KIND_MODEL, "mlp", "n_layers = 0\nmax_epochs = 3");
  amtest::fit(*linear, iris().train());
  EXPECT_EQ(saved_network(*linear).net.layers.size(), 1u);
}

TEST(Mlp, BadOptionsAreRefusedWithMessages) {
  EXPECT_NE(create_error("mlp", "hidden = [8]\nn_layers = 2").find("either hidden"), std::string::npos);
  EXPECT_NE(create_error("mlp", "hidden = [8, 0]").find("hidden[1]"), std::string::npos);
  EXPECT_NE(create_error("mlp", "activation = \"softplus\"").find("relu"), std::string::npos);
  EXPECT_NE(create_error("mlp", "dropout_2 = 1.0").find("[0, 1)"), std::string::npos);
  EXPECT_NE(create_error("mlp", "learning_rate = 0").find("> 0"), std::string::npos);
  EXPECT_NE(create_error("mlp", "optimizer = \"adam\"\nnesterov = true").find("momentum"), std::string::npos);
  EXPECT_NE(create_error("mlp", "freeze = 1").find("init_from"), std::string::npos);
  EXPECT_NE(create_error("mlp", "prune = \"random\"").find("magnitude"), std::string::npos);
  EXPECT_EQ(create_error("mlp", "hidden = [8]"), "");
}

TEST(Mlp, ReportsEveryEpochAndHonoursTheBudget) {
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "hidden = [16]\nmax_epochs = 40");
  model->context->budget = 0.25;
  Reports reports;
  record_reports(*model, reports);
  amtest::fit(*model, iris().train());
  ASSERT_EQ(reports.size(), 10u);
  for (size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(reports[i].first, static_cast<int64_t>(i) + 1);
    EXPECT_GE(reports[i].second, 0.0);
    EXPECT_LE(reports[i].second, 1.0);
  }
  EXPECT_GT(reports.back().second, reports.front().second);
}

TEST(Mlp, StopsWhenTheHostSaysSo) {
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "hidden = [16]\nmax_epochs = 50");
  Reports reports;
  record_reports(*model, reports, 3);
  const Split s = iris();
  const ams_dataset train = s.train();
  EXPECT_EQ(model->component.model.fit(model->self, &train, nullptr), AMS_STOP);
  EXPECT_EQ(reports.size(), 3u);
}

TEST(Mlp, EarlyStoppingOnAHeldOutPartOrTheValidSet) {
  const Split s = digits();
  auto held = amtest::make(AMS_KIND_MODEL, "mlp",
                           "hidden = [32]\nmax_epochs = 1000\nlearning_rate = 0.01\nearly_stopping = true\npatience = 5\n"
                           "validation_fraction = 0.2");
  Reports a;
  record_reports(*held, a);
  amtest::fit(*held, s.train());
  EXPECT_LT(a.size(), 1000u);
  EXPECT_GE(amtest::accuracy(s.test_y(), amtest::predict(*held, s.test())), 0.93);

  // With a valid set the reports are its accuracy: the model's test accuracy after the last
  // epoch (without early stopping the last weights are kept).
  auto given = amtest::make(AMS_KIND_MODEL, "mlp", "hidden = [32]\nmax_epochs = 20");
  Reports b;
  record_reports(*given, b);
  const ams_dataset train = s.train(), test = s.test();
  amtest::fit(*given, train, &test);
  ASSERT_EQ(b.size(), 20u);
  EXPECT_DOUBLE_EQ(b.back().second, amtest::accuracy(s.test_y(), amtest::predict(*given, test)));
}

TEST(Mlp, SampleWeightsMatter) {
  const Split s = iris();
  std::vector<double> weight(static_cast<size_t>(s.table.n_rows), 1.0);
  for (size_t i = 0; i < weight.size(); ++i)
    if (s.table.y[i] == 0) weight[i] = 0.0;  // class 0 is never seen
  ams_dataset train = s.train();
  train.sample_weight = weight.data();
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "hidden = [16]\nmax_epochs = 100\nlearning_rate = 0.01");
  amtest::fit(*model, train);
  const auto pred = amtest::predict(*model, s.test());
  const auto truth = s.test_y();
  int class0 = 0, predicted0 = 0;
  for (size_t i = 0; i < pred.size(); ++i) {
    class0 += truth[i] == 0;
    predicted0 += pred[i] == 0;
  }
  ASSERT_GT(class0, 0);
  EXPECT_EQ(predicted0, 0);
}

TEST(Mlp, DeterministicPerSeed) {
  const Split s = digits();
  const std::string options = "hidden = [32]\nmax_epochs = 5\ndropout = 0.1";
  auto a = amtest::make(AMS_KIND_MODEL, "mlp", options, 42);
  auto b = amtest::make(AMS_KIND_MODEL, "mlp", options, 42);
  auto c = amtest::make(AMS_KIND_MODEL, "mlp", options, 43);
  for (auto* m : {a.get(), b.get(), c.get()}) amtest::fit(*m, s.train());
  const auto pa = amtest::predict_proba(*a, s.test(), 10);
  EXPECT_EQ(pa, amtest::predict_proba(*b, s.test(), 10));
  EXPECT_NE(pa, amtest::predict_proba(*c, s.test(), 10));
}

TEST(Mlp, ProbabilitiesSumToOneAndAgreeWithPredict) {
  const Split s = iris();
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "hidden = [8]\nmax_epochs = 20");
  amtest::fit(*model, s.train());
  const auto p = amtest::predict_proba(*model, s.test(), 3);
  const auto pred = amtest::predict(*model, s.test());
  for (size_t i = 0; i < pred.size(); ++i) {
    EXPECT_NEAR(p[3 * i] + p[3 * i + 1] + p[3 * i + 2], 1.0, 1e-12);
    const auto best = static_cast<double>(std::max_element(p.begin() + 3 * i, p.begin() + 3 * i + 3) - (p.begin() + 3 * i));
    EXPECT_EQ(pred[i], best);
  }
}

TEST(Mlp, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("mlp", "hidden = [16, 8]\nmax_epochs = 10", digits(), true);
  expect_save_load_roundtrip("mlp", "hidden = [16]\nmax_epochs = 10", diabetes(), false);
  expect_save_load_roundtrip("mlp", "hidden = [16]\nmax_epochs = 5\nprune = \"magnitude\"\nsparsity = 0.7", iris(), true);
}

TEST(Mlp, BadDataIsRefused) {
  const Split s = iris();
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "max_epochs = 2");
  amtest::Table bad = s.table;
  bad.X[5] = std::nan("");
  EXPECT_NE(fit_error(*model, bad.view()).find("NaN"), std::string::npos);
  amtest::fit(*model, s.train());
  amtest::Table narrow = s.table;
  narrow.n_features = 2;
  EXPECT_THROW(amtest::predict(*model, narrow.view()), std::runtime_error);
}
