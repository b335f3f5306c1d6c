#include "cli/predict_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/errors.hpp"
#include "prediction/predictor.hpp"
#include "study/setup.hpp"

namespace amcore {

int predict_command(const CommandLine& cl) {
  Registry registry;
  registry.load_path(plugin_search_path({}, cl.plugin_paths));
  const Predictions predictions = predict_file(registry, cl.model_file, cl.data_file);
  for (const auto& warning : predictions.warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());

  if (!cl.output_dir) {
    write_predictions_csv(std::cout, predictions);
    std::cout.flush();
  } else {
    // Through a temporary file so that a failed write never leaves half a predictions file.
    const std::string path = *cl.output_dir, tmp = path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw InputError("cannot write " + tmp + " (is the folder there and writable?)");
      write_predictions_csv(out, predictions);
      out.close();
      if (!out) throw InputError("cannot write " + tmp + " (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw InputError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  }
  if (!cl.quiet) {
    std::string line = "amhost predict: " + std::to_string(predictions.n_rows) + " rows with " +
                       predictions.model.component;
    if (cl.output_dir) line += " -> " + *cl.output_dir;
    if (predictions.score) line += "; " + *predictions.score;
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  return kExitOk;
}

}  // namespace amcore
