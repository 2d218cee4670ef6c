// A table of per-step scalar results, written as CSV with a commented header of units.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace spine::solver
{
  class StatisticsTable
  {
  public:
    /// Starts a new row; later add_value() calls fill it.
    void start_row();

    /// Sets @p column of the current row; new columns are appended in first-use order.
    void add_value(const std::string &column, double value, const std::string &unit = "");

    std::size_t n_rows() const { return rows.size(); }
    const std::vector<std::string> &columns() const { return column_names; }
    bool has_value(const std::string &column, std::size_t row) const;
    /// Value in @p row (default: last row); NaN when missing.
    double value(const std::string &column) const;
    double value(const std::string &column, std::size_t row) const;
    std::map<std::string, double> last_row() const;

    /// Writes "# column [unit]" comment lines, then a CSV header and the rows; written to
    /// a temporary name and renamed so that readers never see a partial file.
    void write_csv(const std::string &path, const std::string &title) const;

  private:
    std::vector<std::string>                   column_names;
    std::map<std::string, std::string>         units;
    std::vector<std::map<std::string, double>> rows;
  };

  /// Writes @p text to @p path via a temporary file and rename.
  void write_file_atomically(const std::string &path, const std::string &text);
} // namespace spine::solver
