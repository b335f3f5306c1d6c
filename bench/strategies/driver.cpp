// The amsearch side of the strategy benchmark: runs one strategy on one benchmark objective for
// several seeds, in memory (no pipeline, no storage, no threads), through the same registry and
// C ABI amhost uses, and prints one JSON line per seed:
//
//   {"tool": "amsearch", "strategy": "tpe", "label": "tpe", "function": "branin", "seed": 0,
//    "trials": 100, "best": 0.41, "regret": {"25": 1.2, "50": 0.3, "100": 0.01},
//    "ask_us": 12.0, "tell_us": 1.5, "cost_us": 13.5}
//
// regret at n = best value among the first n trials minus the objective's known optimum;
// ask_us / tell_us / cost_us = mean microseconds per trial spent in the strategy (the objective's
// own evaluation is not counted).
//
//   ams_bench_strategies --list                      strategy names the plugins provide
//   ams_bench_strategies --strategy tpe --options 'multivariate = true' --label "tpe mv"
//       --function ackley --function-options 'shift = [1.0, 2.0]' --trials 100 --seeds 10
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <ams/ams.h>
#include <toml++/toml.h>

#include "host/context.hpp"
#include "output/json.hpp"
#include "registry/registry.hpp"

namespace {

struct Args {
  std::string plugin_dir = AMS_BENCH_PLUGIN_DIR;
  std::string strategy, strategy_options, label;
  std::string function, function_options;
  int64_t trials = 100;
  int64_t seeds = 10;
  int64_t first_seed = 0;
  std::vector<int64_t> checkpoints{25, 50, 100, 200, 500, 1000, 2000};
  bool list = false;
};

[[noreturn]] void usage(const std::string& message) {
  std::ostream& out = message.empty() ? std::cout : std::cerr;
  if (!message.empty()) out << "ams_bench_strategies: " << message << "\n";
  out << "usage: ams_bench_strategies --list | --strategy NAME [--options TOML] [--label TEXT]\n"
            << "         --function NAME [--function-options TOML] [--trials N] [--seeds S]\n"
            << "         [--first-seed K] [--plugin-dir DIR]\n";
  std::exit(message.empty() ? 0 : 2);
}

int64_t integer_at_least(const std::string& flag, const std::string& text, int64_t min) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used == text.size() && v >= min) return v;
  } catch (const std::exception&) {
  }
  usage(flag + " needs an integer >= " + std::to_string(min) + ", got '" + text + "'");
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("");
    if (flag == "--list") {
      a.list = true;
      continue;
    }
    if (i + 1 >= argc) usage(flag + " needs a value");
    std::string value = argv[++i];
    if (flag == "--strategy") a.strategy = value;
    else if (flag == "--options") a.strategy_options = value;
    else if (flag == "--label") a.label = value;
    else if (flag == "--function") a.function = value;
    else if (flag == "--function-options") a.function_options = value;
    else if (flag == "--trials") a.trials = integer_at_least(flag, value, 1);
    else if (flag == "--seeds") a.seeds = integer_at_least(flag, value, 1);
    else if (flag == "--first-seed") a.first_seed = integer_at_least(flag, value, 0);
    else if (flag == "--plugin-dir") a.plugin_dir = value;
    else usage("unknown flag " + flag);
  }
  if (!a.list && (a.strategy.empty() || a.function.empty()))
    usage("--strategy and --function are required");
  if (a.label.empty()) a.label = a.strategy;
  return a;
}

// A component object with its own context; destroyed through the component that made it.
class Object {
 public:
  Object(const amcore::Component& c, const std::string& options, uint64_t seed) : component_(c) {
    context_ = std::make_unique<ams_context>();
    try {
      context_->options = toml::parse(options, std::string_view("command line"));
    } catch (const toml::parse_error& e) {
      throw std::runtime_error("options of " + c.name + ": " + std::string(e.description()));
    }
    context_->file = "command line";
    context_->label = std::string(amcore::kind_name(c.kind)) + " " + c.name;
    context_->seed = seed;
    // Warnings and errors to standard error; a strategy's debug lines would drown the JSON.
    context_->on_log = [label = context_->label](int32_t level, const std::string& message) {
      if (level >= AMS_LOG_WARNING) std::cerr << label << ": " << message << "\n";
    };
    self_ = c.descriptor.create(context_.get());
    if (!self_) throw std::runtime_error(context_->label + ": " + context_->take_error());
    amcore::reject_unread_options(*context_);  // a mistyped option must not pass silently
  }
  ~Object() { component_.descriptor.destroy(self_); }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  void* self() const { return self_; }
  void check(ams_status s, const char* what) const {
    if (s < 0)
      throw std::runtime_error(context_->label + ": " + what + " failed: " + context_->take_error());
  }

 private:
  const amcore::Component& component_;
  std::unique_ptr<ams_context> context_;
  void* self_ = nullptr;
};

using amcore::json_number;  // shortest round-trip text; null for NaN and infinities
using amcore::json_string;  // quotes, backslashes and control characters escaped

void run_seed(const Args& a, const amcore::Component& strategy_c, const amcore::Component& objective_c,
              int64_t seed) {
  using clock = std::chrono::steady_clock;
  Object objective(objective_c, a.function_options, static_cast<uint64_t>(seed) + 1);
  double optimum = std::numeric_limits<double>::quiet_NaN();
  if (objective_c.objective.optimum(objective.self(), &optimum) != AMS_OK)
    throw std::runtime_error("objective " + a.function + " has no known optimum: regret is undefined");
  const ams_space* space = nullptr;
  objective.check(objective_c.objective.default_space(objective.self(), &space), "default_space");

  // Strategy seeds 1.. (0 is often treated as "unseeded" by RNG wrappers).
  Object strategy(strategy_c, a.strategy_options, static_cast<uint64_t>(seed) + 1);
  strategy.check(strategy_c.strategy.start(strategy.self(), space), "start");

  const size_t n = static_cast<size_t>(space->n_params);
  std::vector<double> values(n);
  ams_context trial_ctx;  // empty options: the objective reads the trial vector by position
  double best = std::numeric_limits<double>::infinity();
  std::vector<std::pair<int64_t, double>> regret;
  double ask_seconds = 0, tell_seconds = 0;
  int64_t done = 0;
  for (int64_t number = 0; number < a.trials; ++number) {
    double budget = 1;
    std::fill(values.begin(), values.end(), std::numeric_limits<double>::quiet_NaN());
    auto t0 = clock::now();
    ams_status s = strategy_c.strategy.ask(strategy.self(), number, values.data(), &budget);
    ask_seconds += std::chrono::duration<double>(clock::now() - t0).count();
    strategy.check(s, "ask");
    if (s == AMS_EXHAUSTED) break;
    if (s != AMS_OK)
      throw std::runtime_error("strategy " + a.strategy + " answered " + std::to_string(s) +
                               " to ask with no trial in flight");

    ams_trial trial{};
    trial.struct_size = sizeof trial;
    trial.number = number;
    trial.n_params = space->n_params;
    trial.values = values.data();
    trial.budget = budget;
    trial_ctx.seed = static_cast<uint64_t>(number) + 1;
    double value = std::numeric_limits<double>::quiet_NaN();
    ams_status e = objective_c.objective.evaluate(objective.self(), &trial_ctx, &trial, &value);
    if (e < 0) throw std::runtime_error("objective " + a.function + ": " + trial_ctx.take_error());

    ams_trial_result result{};
    result.struct_size = sizeof result;
    result.trial = trial;
    result.state = AMS_TRIAL_COMPLETE;
    result.value = value;
    result.last_step = -1;
    t0 = clock::now();
    s = strategy_c.strategy.tell(strategy.self(), &result);
    tell_seconds += std::chrono::duration<double>(clock::now() - t0).count();
    strategy.check(s, "tell");

    best = std::min(best, value);
    ++done;
    if (std::find(a.checkpoints.begin(), a.checkpoints.end(), done) != a.checkpoints.end())
      regret.emplace_back(done, best - optimum);
  }
  if (done > 0 && (regret.empty() || regret.back().first != done)) regret.emplace_back(done, best - optimum);

  std::ostringstream line;
  line << "{\"tool\": \"amsearch\", \"strategy\": " << json_string(a.strategy)
       << ", \"options\": " << json_string(a.strategy_options) << ", \"label\": " << json_string(a.label)
       << ", \"function\": " << json_string(a.function) << ", \"seed\": " << seed
       << ", \"trials\": " << done << ", \"best\": " << json_number(best) << ", \"regret\": {";
  for (size_t i = 0; i < regret.size(); ++i)
    line << (i ? ", " : "") << "\"" << regret[i].first << "\": " << json_number(regret[i].second);
  const double per = done > 0 ? 1e6 / static_cast<double>(done) : 0;
  line << "}, \"ask_us\": " << json_number(ask_seconds * per)
       << ", \"tell_us\": " << json_number(tell_seconds * per)
       << ", \"cost_us\": " << json_number((ask_seconds + tell_seconds) * per) << "}";
  std::cout << line.str() << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse(argc, argv);
  try {
    amcore::Registry registry;
    registry.load_path({a.plugin_dir});
    if (a.list) {
      for (const amcore::Component* c : registry.components())
        if (c->kind == AMS_KIND_STRATEGY) std::cout << c->name << "\n";
      return 0;
    }
    const amcore::Component& strategy = registry.get(AMS_KIND_STRATEGY, a.strategy);
    const amcore::Component& objective = registry.get(AMS_KIND_OBJECTIVE, a.function);
    for (int64_t seed = a.first_seed; seed < a.first_seed + a.seeds; ++seed)
      run_seed(a, strategy, objective, seed);
  } catch (const std::exception& e) {
    std::cerr << "ams_bench_strategies: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
