#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "console/console_progress.hpp"

namespace amcore {

std::string format_value(double value) {
  if (std::isnan(value)) return "nan";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string format_seconds(double seconds) {
  char buffer[48];
  if (seconds < 1)
    std::snprintf(buffer, sizeof buffer, "%.0f ms", seconds * 1000);
  else if (seconds < 60)
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  else if (seconds < 3600)
    std::snprintf(buffer, sizeof buffer, "%d min %02d s", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%d h %02d min", static_cast<int>(seconds) / 3600,
                  static_cast<int>(seconds) % 3600 / 60);
  return buffer;
}

std::string short_params(const std::string& json) {
  // The JSON comes from params_json: one flat object of scalars. Shown as key=value pairs;
  // keys lose a candidate prefix ("knn.n_neighbors" -> "n_neighbors", the model is shown on
  // its own) and numbers are cut to 6 significant digits.
  std::string out, token;
  bool in_string = false, quoted = false, in_key = true;
  auto flush = [&] {
    if (in_key) {
      if (size_t dot = token.rfind('.'); dot != std::string::npos) token = token.substr(dot + 1);
      if (!out.empty()) out += ' ';
      out += token + '=';
    } else if (!quoted && token.find_first_of(".eE") != std::string::npos) {
      char* end = nullptr;
      double v = std::strtod(token.c_str(), &end);
      out += end && *end == '\0' ? format_value(v) : token;
    } else {
      out += token;
    }
    token.clear();
    quoted = false;
  };
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\' && i + 1 < json.size()) {
        token += json[++i] == 'n' ? ' ' : json[i];
      } else if (c == '"') {
        in_string = false;
      } else {
        token += c;
      }
      continue;
    }
    if (c == '"') {
      in_string = quoted = true;
    } else if (c == ':' && in_key) {
      flush();
      in_key = false;
    } else if ((c == ',' || c == '}') && !in_key) {
      flush();
      in_key = true;
    } else if (c != ' ' && c != '{' && c != '}' && c != '\n') {
      token += c;
    }
  }
  return out;
}

std::string describe_plan(const StudyPlan& plan) {
  std::ostringstream text;
  text << "study " << plan.name << " (" << plan.file << ")\n";
  if (plan.objective_mode) {
    text << "  objective: " << plan.score_name << " (" << (plan.maximize ? "maximize" : "minimize")
         << ")\n";
  } else {
    text << "  data:      " << plan.data_source << ": " << plan.rows << " rows x " << plan.features
         << " features";
    if (plan.n_classes > 0) text << ", " << plan.n_classes << " classes";
    text << "\n  split:     " << plan.train_rows << " training rows in " << plan.folds
         << " cross-validation splits, " << plan.test_rows << " held-out test rows\n";
    text << "  models:    ";
    for (size_t i = 0; i < plan.models.size(); ++i) text << (i ? ", " : "") << plan.models[i];
    text << "\n  metric:    " << plan.score_name << " (" << (plan.maximize ? "maximize" : "minimize")
         << ")\n";
  }
  text << "  strategy:  " << plan.strategy << "\n";
  text << "  space:     " << plan.n_params << " parameters:";
  for (const std::string& name : plan.param_names) text << ' ' << name;
  text << "\n  budget:    ";
  if (plan.trials) text << *plan.trials << " trials";
  if (plan.trials && plan.timeout_seconds) text << ", ";
  if (plan.timeout_seconds) text << "at most " << format_seconds(*plan.timeout_seconds);
  if (!plan.trials && !plan.timeout_seconds) text << "until the strategy is exhausted or Ctrl-C";
  text << ", " << plan.parallel << " in parallel\n";
  text << "  output:    " << plan.output_dir << "\n";
  for (const std::string& note : plan.warm_start_notes) text << "  " << note << "\n";
  return text.str();
}

}  // namespace amcore
