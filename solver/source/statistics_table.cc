#include <spine/solver/statistics_table.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace spine::solver
{
  void
  StatisticsTable::start_row()
  {
    rows.emplace_back();
  }

  void
  StatisticsTable::add_value(const std::string &column, const double value, const std::string &unit)
  {
    if (rows.empty())
      start_row();
    if (units.count(column) == 0)
      {
        column_names.push_back(column);
        units[column] = unit;
      }
    rows.back()[column] = value;
  }

  bool
  StatisticsTable::has_value(const std::string &column, const std::size_t row) const
  {
    return row < rows.size() && rows[row].count(column) > 0;
  }

  double
  StatisticsTable::value(const std::string &column) const
  {
    return rows.empty() ? std::numeric_limits<double>::quiet_NaN() :
                          value(column, rows.size() - 1);
  }

  double
  StatisticsTable::value(const std::string &column, const std::size_t row) const
  {
    if (!has_value(column, row))
      return std::numeric_limits<double>::quiet_NaN();
    return rows[row].at(column);
  }

  std::map<std::string, double>
  StatisticsTable::last_row() const
  {
    return rows.empty() ? std::map<std::string, double>() : rows.back();
  }

  void
  StatisticsTable::write_csv(const std::string &path, const std::string &title) const
  {
    std::ostringstream out;
    out << "# " << title << "\n# columns (units):\n";
    for (const auto &c : column_names)
      out << "#   " << c << " [" << (units.at(c).empty() ? "-" : units.at(c)) << "]\n";
    for (std::size_t i = 0; i < column_names.size(); ++i)
      out << (i ? "," : "") << column_names[i];
    out << '\n' << std::setprecision(12);
    for (const auto &row : rows)
      {
        for (std::size_t i = 0; i < column_names.size(); ++i)
          {
            if (i)
              out << ',';
            const auto it = row.find(column_names[i]);
            if (it != row.end())
              out << it->second;
          }
        out << '\n';
      }
    write_file_atomically(path, out.str());
  }

  void
  write_file_atomically(const std::string &path, const std::string &text)
  {
    const std::string temporary = path + ".tmp";
    {
      std::ofstream file(temporary);
      if (!file)
        throw std::runtime_error("cannot write " + temporary);
      file << text;
      if (!file)
        throw std::runtime_error("error while writing " + temporary);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      throw std::runtime_error("cannot rename " + temporary + " to " + path);
  }
} // namespace spine::solver
