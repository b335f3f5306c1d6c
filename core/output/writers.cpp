#include "output/writers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "output/json.hpp"

namespace amcore {

namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

// Numbers for people: shortest round-trip, empty for NaN.
std::string number(double value) {
  if (std::isnan(value)) return "";
  return json_number(value) == "null" ? (value > 0 ? "inf" : "-inf") : json_number(value);
}

std::string utc_time(double unix_seconds) {
  if (!(unix_seconds > 0)) return "unknown";
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string human_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "unknown";
  char buf[64];
  if (seconds < 1)
    std::snprintf(buf, sizeof buf, "%.0f ms", seconds * 1000);
  else if (seconds < 120)
    std::snprintf(buf, sizeof buf, "%.2f s", seconds);
  else if (seconds < 7200)
    std::snprintf(buf, sizeof buf, "%.1f min", seconds / 60);
  else
    std::snprintf(buf, sizeof buf, "%.2f h", seconds / 3600);
  return buf;
}

// Markdown table cells must not break the row.
std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out.empty() ? " " : out;
}

bool better(double a, double b, bool maximize) { return maximize ? a > b : a < b; }

// Complete trials with a finite value, best first (ties: lower number first). Trials run at a
// larger budget (fidelity) rank before cheaper ones: a score on a third of the trees is not
// comparable with a full one, and the refit always uses the full budget.
std::vector<const StoredTrial*> ranked(const std::vector<StoredTrial>& trials, bool maximize) {
  std::vector<const StoredTrial*> out;
  for (const auto& t : trials)
    if (t.state == StoredState::Complete && std::isfinite(t.value)) out.push_back(&t);
  std::stable_sort(out.begin(), out.end(), [&](const StoredTrial* a, const StoredTrial* b) {
    if (a->budget != b->budget) return a->budget > b->budget;
    if (a->value != b->value) return better(a->value, b->value, maximize);
    return a->number < b->number;
  });
  return out;
}

std::string params_text(const SearchSpace& space, const StoredTrial& t) {
  std::string out;
  for (int32_t i = 0; i < space.size() && static_cast<size_t>(i) < t.values.size(); ++i) {
    if (std::isnan(t.values[i])) continue;
    out += (out.empty() ? "" : ", ") + space.name(i) + "=" + space.format(i, t.values[i]);
  }
  return out;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot write (check that the folder exists and is writable)");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw InputError(path + ": writing failed (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw InputError(path + ": cannot replace the file: " + ec.message());
  }
}

const StoredTrial* best_trial(const std::vector<StoredTrial>& trials, bool maximize) {
  const auto order = ranked(trials, maximize);
  return order.empty() ? nullptr : order.front();
}

void write_trials_csv(const std::string& path, const SearchSpace& space,
                      const std::vector<StoredTrial>& trials) {
  std::string out = "number,state,value,duration_s";
  for (int32_t i = 0; i < space.size(); ++i) {
    out += ',';
    out += csv_field(space.name(i));
  }
  out += "\n";
  for (const auto& t : trials) {
    if (t.state == StoredState::Running) continue;
    out += std::to_string(t.number) + "," + stored_state_name(t.state) + "," + number(t.value) +
           "," + fixed(t.duration_s, 3);
    for (int32_t i = 0; i < space.size(); ++i) {
      const double v = static_cast<size_t>(i) < t.values.size() ? t.values[i] : std::nan("");
      out += ',';
      if (!std::isnan(v)) out += csv_field(space.format(i, v));
    }
    out += "\n";
  }
  write_file_atomically(path, out);
}

std::string best_json(const BestSummary& best) {
  const StoredTrial& t = *best.trial;
  std::string out = "{\n";
  out += "  \"trial\": " + std::to_string(t.number) + ",\n";
  out += "  \"value\": " + json_number(t.value) + ",\n";
  out += "  \"metric\": " + json_string(best.metric) + ",\n";
  out += "  \"direction\": " + json_string(best.direction) + ",\n";
  out += "  \"params\": " + (t.params_json.empty() ? std::string("{}") : t.params_json);
  if (best.test_score) out += ",\n  \"test_score\": " + json_number(*best.test_score);
  if (best.model_file) out += ",\n  \"model_file\": " + json_string(*best.model_file);
  return out + "\n}\n";
}

void write_best_json(const std::string& path, const BestSummary& best) {
  if (!best.trial) throw std::logic_error("write_best_json: no best trial");
  write_file_atomically(path, best_json(best));
}

void write_pipeline_toml(const std::string& path, const toml::table& document) {
  std::ostringstream text;
  text << "# The effective pipeline of this study (after --set overrides).\n" << document << "\n";
  write_file_atomically(path, text.str());
}

std::string report_md(const ReportInput& input) {
  const StudyInfo& study = *input.study;
  const SearchSpace& space = *input.space;
  const auto& trials = *input.trials;
  const bool maximize = study.direction == "maximize";
  const std::string score_name = study.metric.empty() ? std::string("value") : study.metric;
  std::ostringstream md;

  md << "# Study " << study.name << "\n\n";
  md << "- Started: " << utc_time(study.created) << "\n";
  md << "- Seed: " << study.seed << "\n";
  md << "- Objective: " << score_name << " (" << (maximize ? "maximize" : "minimize") << ")\n";
  if (!input.strategy.empty()) md << "- Strategy: " << input.strategy << "\n";
  if (!input.data_description.empty()) md << "- Data: " << input.data_description << "\n";
  if (!input.evaluation_description.empty())
    md << "- Evaluation: " << input.evaluation_description << "\n";
  md << "- Search space: " << space.size() << " parameter" << (space.size() == 1 ? "" : "s")
     << "\n\n";

  std::map<StoredState, int> count;
  double total = 0, longest = 0;
  std::vector<double> durations;
  for (const auto& t : trials) {
    count[t.state] += 1;
    if (t.state != StoredState::Running && std::isfinite(t.duration_s)) {
      total += t.duration_s;
      longest = std::max(longest, t.duration_s);
      durations.push_back(t.duration_s);
    }
  }
  md << "## Trials\n\n";
  md << "| state | trials |\n|---|---:|\n";
  for (StoredState s : {StoredState::Complete, StoredState::Pruned, StoredState::Failed,
                        StoredState::Running})
    if (count[s] > 0) md << "| " << stored_state_name(s) << " | " << count[s] << " |\n";
  md << "| total | " << trials.size() << " |\n\n";
  if (!durations.empty()) {
    std::sort(durations.begin(), durations.end());
    const size_t n = durations.size();
    const double median =
        n % 2 ? durations[n / 2] : (durations[n / 2 - 1] + durations[n / 2]) / 2;
    md << "Trial durations: total " << human_duration(total) << ", mean "
       << human_duration(total / static_cast<double>(n)) << ", median " << human_duration(median)
       << ", longest " << human_duration(longest);
    if (input.wall_time_s > 0) md << "; wall time " << human_duration(input.wall_time_s);
    md << ".\n\n";
  }

  const auto order = ranked(trials, maximize);
  md << "## Best configuration\n\n";
  if (order.empty()) {
    md << "No trial completed";
    if (count[StoredState::Failed] > 0) {
      for (const auto& t : trials)
        if (t.state == StoredState::Failed && !t.error.empty()) {
          md << "; first failure (trial " << t.number << "): " << t.error;
          break;
        }
    }
    md << ".\n\n";
  } else {
    const StoredTrial& best = *order.front();
    md << "Trial " << best.number << ": " << score_name << " = " << number(best.value)
       << " (cross-validation mean)\n\n";
    md << "| parameter | value |\n|---|---|\n";
    for (int32_t i = 0; i < space.size() && static_cast<size_t>(i) < best.values.size(); ++i)
      if (!std::isnan(best.values[i]))
        md << "| " << md_cell(space.name(i)) << " | " << md_cell(space.format(i, best.values[i]))
           << " |\n";
    md << "\n";
    if (input.test_score)
      md << "Held-out test score (" << score_name << ", refit on all training rows): "
         << number(*input.test_score) << "\n\n";
    if (input.model_file) md << "Model saved to `" << *input.model_file << "`.\n\n";

    md << "## Top " << std::min<size_t>(10, order.size()) << " trials\n\n";
    md << "| rank | trial | " << md_cell(score_name) << " | duration | parameters |\n";
    md << "|---:|---:|---:|---:|---|\n";
    for (size_t r = 0; r < order.size() && r < 10; ++r) {
      const StoredTrial& t = *order[r];
      md << "| " << r + 1 << " | " << t.number << " | " << number(t.value) << " | "
         << human_duration(t.duration_s) << " | " << md_cell(params_text(space, t)) << " |\n";
    }
    md << "\n";
  }
  md << "Files: `trials.csv` (every trial), `best.json`, `pipeline.toml` (the effective "
        "pipeline), `study.db` (the full history, resumable).\n";
  return md.str();
}

void write_report_md(const std::string& path, const ReportInput& input) {
  if (!input.study || !input.space || !input.trials)
    throw std::logic_error("write_report_md: study, space and trials are required");
  write_file_atomically(path, report_md(input));
}

}  // namespace amcore
