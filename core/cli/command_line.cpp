#include "cli/command_line.hpp"

#include <sstream>

#include <boost/program_options.hpp>

#include <ams/ams.h>

#include "common/suggest.hpp"

namespace po = boost::program_options;

namespace amcore {

namespace {

po::options_description visible_options() {
  po::options_description options("Options");
  options.add_options()
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a pipeline key: --set study.trials=50 (the value is TOML); repeatable")
      ("output,o", po::value<std::string>(),
       "output folder (instead of [output] dir); predict: the predictions CSV (default "
       "stdout); export: the folder to write to (default: the database's)")
      ("model", po::value<std::string>(), "predict: the saved model file (.amsmodel)")
      ("data", po::value<std::string>(), "predict: the CSV to predict")
      ("trials,n", po::value<long long>(), "number of trials (= --set study.trials=N)")
      ("parallel,j", po::value<int>(), "concurrent trials (= --set study.parallel=N)")
      ("seed", po::value<unsigned long long>(), "random seed (= --set study.seed=N)")
      ("plugin-path,P", po::value<std::vector<std::string>>()->composing(),
       "a folder (or library file) to load plugins from, searched before the default ones; "
       "repeatable")
      ("resume", "continue the study stored in the output folder")
      ("overwrite", "replace a study already stored in the output folder")
      ("quiet,q", "print only the final summary")
      ("json", "plugins: print JSON")
      ("version", "print the version and exit")
      ("help,h", "print this help and exit");
  return options;
}

const std::vector<std::string>& known_option_names() {
  static const std::vector<std::string> names = {
      "--set",    "--output",    "--model", "--data", "--trials",  "--parallel",
      "--seed",   "--plugin-path", "--resume", "--overwrite", "--quiet", "--json",
      "--version", "--help"};
  return names;
}

std::string nearest_option(const std::string& given) {
  std::string best;
  size_t best_distance = 4;
  for (const std::string& name : known_option_names()) {
    size_t d = edit_distance(given, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

[[noreturn]] void usage_error(const std::string& message) {
  throw InputError("amhost: " + message + "\nTry 'amhost --help' for the commands and options.");
}

}  // namespace

std::string version_text() {
  return "amhost " AMS_VERSION " (plugin ABI " + std::to_string(AMS_ABI_MAJOR) + "." +
         std::to_string(AMS_ABI_MINOR) + ")";
}

std::string usage_text() {
  std::ostringstream text;
  text << "Usage:\n"
          "  amhost PIPELINE [options]            run a study (same as 'amhost run')\n"
          "  amhost run PIPELINE [options]        run a study\n"
          "  amhost validate PIPELINE [options]   check a pipeline: plugins, options, space, "
          "data; runs no trial\n"
          "  amhost plugins [--json] [-P DIR]     list the plugins found and their components\n"
          "  amhost predict --model FILE --data FILE.csv [-o PREDICTIONS.csv]\n"
          "                                       predict with a saved model (a run's model.amsmodel)\n"
          "  amhost export DATABASE [-o DIR]      write trials.csv and best.json again from a\n"
          "                                       study.db (or the output folder holding it)\n"
          "\n"
       << visible_options()
       << "\nExit status: 0 done, 1 failure, 2 bad input (pipeline, options, data), 3 plugin "
          "load failure.\n";
  return text.str();
}

CommandLine parse_command_line(int argc, const char* const* argv) {
  po::options_description hidden;
  hidden.add_options()("args", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(visible_options()).add(hidden);
  po::positional_options_description positional;
  positional.add("args", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::string message = "unknown option '" + e.get_option_name() + "'";
    if (std::string hint = nearest_option(e.get_option_name()); !hint.empty())
      message += " (did you mean '" + hint + "'?)";
    usage_error(message);
  } catch (const po::error& e) {
    usage_error(e.what());
  }

  CommandLine cl;
  if (vm.count("help")) {
    cl.command = CommandLine::Command::Help;
    return cl;
  }
  if (vm.count("version")) {
    cl.command = CommandLine::Command::Version;
    return cl;
  }
  std::vector<std::string> args;
  if (vm.count("args")) args = vm["args"].as<std::vector<std::string>>();
  if (args.empty()) usage_error("no pipeline file given");

  if (args[0] == "predict") {
    cl.command = CommandLine::Command::Predict;
    if (args.size() > 1)
      usage_error("'predict' takes its files as --model FILE --data FILE, not '" + args[1] + "'");
    if (!vm.count("model")) usage_error("'predict' needs --model FILE (a saved .amsmodel)");
    if (!vm.count("data")) usage_error("'predict' needs --data FILE (the CSV to predict)");
    for (const char* option : {"set", "trials", "parallel", "seed", "resume", "overwrite", "json"})
      if (vm.count(option))
        usage_error(std::string("--") + option + " does not go with 'amhost predict'");
    cl.model_file = vm["model"].as<std::string>();
    cl.data_file = vm["data"].as<std::string>();
    if (vm.count("output")) cl.output_dir = vm["output"].as<std::string>();
    if (vm.count("plugin-path"))
      cl.plugin_paths = vm["plugin-path"].as<std::vector<std::string>>();
    cl.quiet = vm.count("quiet") > 0;
    return cl;
  }
  if (args[0] == "export") {
    cl.command = CommandLine::Command::Export;
    if (args.size() < 2) usage_error("'export' needs a study database (study.db or its folder)");
    if (args.size() > 2) usage_error("'export' takes one database, but also got '" + args[2] + "'");
    for (const char* option : {"set", "trials", "parallel", "seed", "resume", "overwrite", "json",
                               "model", "data", "plugin-path"})
      if (vm.count(option))
        usage_error(std::string("--") + option + " does not go with 'amhost export'");
    cl.database = args[1];
    if (vm.count("output")) cl.output_dir = vm["output"].as<std::string>();
    cl.quiet = vm.count("quiet") > 0;
    return cl;
  }
  if (vm.count("model") || vm.count("data"))
    usage_error("--model and --data go with 'amhost predict'");

  size_t first = 1;
  if (args[0] == "run") {
    cl.command = CommandLine::Command::Run;
  } else if (args[0] == "validate") {
    cl.command = CommandLine::Command::Validate;
  } else if (args[0] == "plugins") {
    cl.command = CommandLine::Command::Plugins;
  } else {
    cl.command = CommandLine::Command::Run;
    first = 0;
  }
  if (cl.command == CommandLine::Command::Plugins) {
    if (args.size() > 1) usage_error("'plugins' takes no file: " + args[1]);
  } else {
    if (args.size() <= first) usage_error("'" + args[0] + "' needs a pipeline file");
    if (args.size() > first + 1) usage_error("one pipeline file only, but also got '" + args[first + 1] + "'");
    cl.pipeline = args[first];
  }

  if (vm.count("set"))
    for (const std::string& text : vm["set"].as<std::vector<std::string>>())
      cl.overrides.push_back(parse_override(text));
  if (vm.count("trials")) {
    long long n = vm["trials"].as<long long>();
    if (n < 1) usage_error("--trials must be at least 1");
    cl.overrides.push_back({"study.trials", std::to_string(n)});
  }
  if (vm.count("parallel")) {
    int n = vm["parallel"].as<int>();
    if (n < 1) usage_error("--parallel must be at least 1");
    cl.overrides.push_back({"study.parallel", std::to_string(n)});
  }
  if (vm.count("seed"))
    cl.overrides.push_back({"study.seed", std::to_string(vm["seed"].as<unsigned long long>())});
  if (vm.count("plugin-path"))
    cl.plugin_paths = vm["plugin-path"].as<std::vector<std::string>>();
  if (vm.count("output")) cl.output_dir = vm["output"].as<std::string>();
  cl.quiet = vm.count("quiet") > 0;
  cl.json = vm.count("json") > 0;
  cl.resume = vm.count("resume") > 0;
  cl.overwrite = vm.count("overwrite") > 0;
  if (cl.json && cl.command != CommandLine::Command::Plugins)
    usage_error("--json goes with 'amhost plugins'");
  return cl;
}

}  // namespace amcore
