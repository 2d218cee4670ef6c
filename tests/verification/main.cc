// Verification driver: `spine_verification <case>` runs one case (any number of ranks)
// and writes <case>_np<ranks>.txt; `spine_verification compare <case> <tol>` checks that
// the 1-rank and 2-rank results agree to a relative tolerance.
#include "common.h"

#include <deal.II/base/mpi.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>

using namespace spine::verification;

namespace
{
  Results
  read_results(const std::string &file)
  {
    Results       results;
    std::ifstream in(file);
    if (!in)
      throw std::runtime_error("cannot read " + file);
    std::string key;
    double      value;
    while (in >> key >> value)
      results[key] = value;
    return results;
  }

  int
  compare(const std::string &name, const double tolerance)
  {
    const Results one = read_results(name + "_np1.txt"), two = read_results(name + "_np2.txt");
    int failures = 0;
    for (const auto &[key, a] : one)
      {
        if (two.count(key) == 0)
          {
            std::cout << "  FAIL  " << key << " missing in the 2-rank results\n";
            ++failures;
            continue;
          }
        const double b     = two.at(key);
        const double scale = std::max({std::abs(a), std::abs(b), 1e-300});
        const bool   ok    = std::abs(a - b) <= tolerance * scale || std::abs(a - b) < 1e-13;
        std::cout << (ok ? "  ok    " : "  FAIL  ") << key << ": " << std::setprecision(15) << a
                  << " (1 rank) vs " << b << " (2 ranks), rel. diff " << std::abs(a - b) / scale
                  << "\n";
        failures += ok ? 0 : 1;
      }
    return failures == 0 ? 0 : 1;
  }
} // namespace

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  MPI_Comm                                 comm = MPI_COMM_WORLD;
  const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
  if (argc >= 4 && std::string(argv[1]) == "compare")
    return compare(argv[2], std::stod(argv[3]));
  if (argc < 2 || registry().count(argv[1]) == 0)
    {
      if (root)
        {
          std::cerr << "usage: spine_verification <case> | compare <case> <tolerance>\ncases:";
          for (const auto &c : registry())
            std::cerr << ' ' << c.first;
          std::cerr << std::endl;
        }
      return 1;
    }
  const std::string name = argv[1];
  Checker           checker(comm);
  Results           results;
  try
    {
      results = registry().at(name)(comm, checker);
    }
  catch (const std::exception &e)
    {
      std::cerr << "exception in case " << name << ": " << e.what() << std::endl;
      return 1;
    }
  if (root)
    {
      const unsigned int n_ranks = dealii::Utilities::MPI::n_mpi_processes(comm);
      std::ofstream out(name + "_np" + std::to_string(n_ranks) + ".txt");
      out << std::setprecision(17);
      for (const auto &[key, value] : results)
        out << key << ' ' << value << '\n';
      std::cout << (checker.passed() ? "PASSED " : "FAILED ") << name << std::endl;
    }
  return checker.passed() ? 0 : 1;
}
