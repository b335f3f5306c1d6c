#include "prediction/column_mapping.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/errors.hpp"

namespace amcore {

namespace {

// "color=red" -> "color"; a plain name is its own column. A column whose own name holds '='
// still matches exactly, since exact names are compared first.
std::string column_of(const std::string& feature) {
  const size_t eq = feature.find('=');
  return eq == std::string::npos ? feature : feature.substr(0, eq);
}
bool is_one_hot(const std::string& feature) { return feature.find('=') != std::string::npos; }

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

void add_once(std::vector<std::string>& list, const std::string& name) {
  if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

}  // namespace

ColumnMapping map_columns(const std::vector<std::string>& trained,
                          const std::vector<std::string>& given, const std::string& data_label) {
  std::map<std::string, int64_t> given_index;
  std::set<std::string> given_plain, given_categorical;
  for (size_t j = 0; j < given.size(); ++j) {
    given_index.emplace(given[j], static_cast<int64_t>(j));
    (is_one_hot(given[j]) ? given_categorical : given_plain).insert(column_of(given[j]));
  }
  std::set<std::string> trained_names(trained.begin(), trained.end());
  std::set<std::string> trained_plain, trained_categorical;
  for (const auto& t : trained)
    (is_one_hot(t) ? trained_categorical : trained_plain).insert(column_of(t));

  ColumnMapping mapping;
  std::vector<std::string> missing, extra, text_in_numeric;
  for (const auto& t : trained) {
    if (auto it = given_index.find(t); it != given_index.end()) {
      mapping.source.push_back(it->second);
      continue;
    }
    mapping.source.push_back(-1);
    const std::string column = column_of(t);
    if (is_one_hot(t) && given_categorical.count(column)) continue;  // level absent: zeros
    if (is_one_hot(t) && given_plain.count(column))
      add_once(mapping.reload_as_categorical, column);
    else if (!is_one_hot(t) && given_categorical.count(column))
      add_once(text_in_numeric, column);
    else
      add_once(missing, column);
  }
  for (const auto& g : given) {
    if (trained_names.count(g)) continue;
    const std::string column = column_of(g);
    if (is_one_hot(g) && trained_categorical.count(column))
      mapping.unseen_levels.push_back(g);
    else if (!(is_one_hot(g) && trained_plain.count(column)) &&
             !(!is_one_hot(g) && trained_categorical.count(column)))
      add_once(extra, column);  // the mixed cases were reported above
  }

  std::string problems;
  if (!missing.empty())
    problems += "\n  missing column" + std::string(missing.size() > 1 ? "s " : " ") +
                quoted_list(missing) + ": the model was trained with " +
                (missing.size() > 1 ? "them" : "it") + "; add " +
                (missing.size() > 1 ? "them" : "it") + " to the data";
  if (!extra.empty())
    problems += "\n  unexpected column" + std::string(extra.size() > 1 ? "s " : " ") +
                quoted_list(extra) + ": the model was not trained with " +
                (extra.size() > 1 ? "them" : "it") + "; remove " +
                (extra.size() > 1 ? "them" : "it") + " from the data";
  for (const auto& column : text_in_numeric) {
    std::string example;
    for (const auto& g : given)
      if (is_one_hot(g) && column_of(g) == column) {
        example = g.substr(g.find('=') + 1);
        break;
      }
    problems += "\n  column '" + column + "' holds text (e.g. '" + example +
                "') where the model was trained on numbers";
  }
  if (!problems.empty()) {
    std::vector<std::string> trained_columns;
    for (const auto& t : trained) add_once(trained_columns, column_of(t));
    throw InputError(data_label + ": the columns do not match the model's" + problems +
                     "\n  the model's columns: " + quoted_list(trained_columns));
  }
  return mapping;
}

}  // namespace amcore
