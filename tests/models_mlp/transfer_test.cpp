// Transfer: a model saved by the host's own writer (the .amsmodel envelope) starts a new fit
// through init_from, with its output layer rebuilt when the class count differs and its first
// layers frozen on request.
#include "mlp_helpers.hpp"

#include "evaluation/model_object.hpp"
#include "output/model_file.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace modeltest;
using namespace mlptest;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("ams_mlp_test_" + std::to_string(::getpid()) + "_" + name)).string();
}

// Fits `model` with `options` on `train` and saves it with amcore::save_model to path.
void fit_and_save_with_host(const std::string& model, const std::string& options, const ams_dataset& train,
                            const std::string& path) {
  auto ctx = std::make_unique<ams_context>();
  ctx->options = toml::parse(options);
  ctx->label = "model " + model;
  ctx->seed = 5;
  auto object = amcore::ModelObject::create(amtest::registry().get(AMS_KIND_MODEL, model), std::move(ctx));
  ASSERT_EQ(object->fit(train, nullptr), AMS_OK) << object->context().take_error();
  amcore::save_model(path, *object, amcore::metadata_of(*object));
}

// Digits with its labels folded onto 5 classes (digit mod 5): a related but different task.
Split folded_digits() {
  Split s = digits();
  for (double& y : s.table.y) y = std::fmod(y, 5.0);
  s.table.n_classes = 5;
  return s;
}

double first_report(const std::string& options, const ams_dataset& train) {
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", options, 9);
  Reports reports;
  record_reports(*model, reports);
  amtest::fit(*model, train);
  return reports.empty() ? -1 : reports.front().second;
}

}  // namespace

TEST(MlpTransfer, StartsBetterThanRandomInit) {
  // The source learned digits on other rows (the test part); the target fit starts from it.
  const Split target = digits();
  const std::string path = temp_path("source.amsmodel");
  fit_and_save_with_host("mlp", "hidden = [64]\nmax_epochs = 60\nlearning_rate = 0.01", target.test(), path);
  const std::string one_epoch = "hidden = [64]\nmax_epochs = 1\nlearning_rate = 0.0003\n";
  const double random_start = first_report(one_epoch, target.train());
  const double transferred_start = first_report(one_epoch + "init_from = \"" + path + "\"", target.train());
  EXPECT_GT(transferred_start, random_start + 0.3) << random_start << " vs " << transferred_start;
  auto model = amtest::make(AMS_KIND_MODEL, "mlp", "max_epochs = 20\ninit_from = \"" + path + "\"");
  EXPECT_GE(fit_and_score(*model, target), 0.95);
  std::remove(path.c_str());
}

TEST(MlpTransfer, NewClassCountRebuildsTheOutputLayerAndFreezeKeepsLayers) {
  // Source: digits folded onto 5 classes (digit mod 5). Target: the 10 digits.
  const std::string path = temp_path("folded.amsmodel");
  const Split source = folded_digits();
  fit_and_save_with_host("mlp", "hidden = [64]\nmax_epochs = 60\nlearning_rate = 0.01", source.train(), path);
  const Split target = digits();
  auto frozen = amtest::make(AMS_KIND_MODEL, "mlp",
                             "max_epochs = 60\nlearning_rate = 0.01\nfreeze = 1\ninit_from = \"" + path + "\"");
  EXPECT_GE(fit_and_score(*frozen, target), 0.9);
  const amsmlp::Fitted after = saved_network(*frozen);
  const amcore::ModelFile file = amcore::read_model_file(path);
  MemoryStream m;
  m.bytes = file.payload;
  const ams_stream stream = m.stream();
  ams::Reader reader(&stream);
  const amsmlp::Fitted before = amsmlp::read_payload(reader);
  EXPECT_EQ(after.net.layers[0].W, before.net.layers[0].W);  // frozen: bit for bit
  EXPECT_EQ(after.net.layers[0].b, before.net.layers[0].b);
  EXPECT_EQ(after.net.layers[1].W.cols(), 10);
  EXPECT_EQ(before.net.layers[1].W.cols(), 5);
  std::remove(path.c_str());
}

TEST(MlpTransfer, WrongFilesAreRefusedWithMessages) {
  const Split s = digits();
  auto fit_with = [&](const std::string& options) {
    auto model = amtest::make(AMS_KIND_MODEL, "mlp", options);
    return fit_error(*model, s.train());
  };
  EXPECT_NE(fit_with("init_from = \"/nonexistent/model.amsmodel\"").find("cannot open"), std::string::npos);

  const std::string text = temp_path("not-a-model.txt");
  std::ofstream(text) << "hello";
  EXPECT_NE(fit_with("init_from = \"" + text + "\"").find("AMSMODEL"), std::string::npos);

  const std::string lr = temp_path("lr.amsmodel");
  fit_and_save_with_host("logistic_regression", "", iris().train(), lr);
  EXPECT_NE(fit_with("init_from = \"" + lr + "\"").find("'logistic_regression'"), std::string::npos);

  const std::string small = temp_path("iris-mlp.amsmodel");
  fit_and_save_with_host("mlp", "hidden = [4]\nmax_epochs = 2", iris().train(), small);
  EXPECT_NE(fit_with("init_from = \"" + small + "\"").find("4 features"), std::string::npos);
  const std::string shallow = temp_path("shallow.amsmodel");
  fit_and_save_with_host("mlp", "hidden = [4]\nmax_epochs = 2", s.train(), shallow);
  EXPECT_NE(fit_with("init_from = \"" + shallow + "\"\nfreeze = 2").find("freeze = 2"), std::string::npos);

  // One flipped byte in the payload: the checksum catches it.
  std::vector<char> bytes;
  {
    std::ifstream in(small, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  bytes[bytes.size() - 20] ^= 0x5a;
  std::ofstream(small, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  EXPECT_NE(fit_with("init_from = \"" + small + "\"").find("checksum"), std::string::npos);
  for (const auto& p : {text, lr, small, shallow}) std::remove(p.c_str());
}
