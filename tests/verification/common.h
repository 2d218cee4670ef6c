// Shared helpers of the verification cases: meshes, checks and result files.
#pragma once

#include <spine/solver/mechanics_problem.h>
#include <spine/solver/postprocessing.h>

#include <deal.II/grid/tria.h>

#include <functional>
#include <map>
#include <string>

namespace spine::verification
{
  using namespace spine::solver;

  /// Quantities a case reports; compared between 1 and 2 ranks by the "compare" case.
  using Results = std::map<std::string, double>;

  /// Records a failed check (prints on rank 0) and makes the case exit non-zero.
  class Checker
  {
  public:
    explicit Checker(MPI_Comm comm);
    /// |value - expected| <= tolerance * |expected| (relative) .
    void relative(const std::string &what, double value, double expected, double tolerance);
    /// value <= limit
    void at_most(const std::string &what, double value, double limit);
    void is_true(const std::string &what, bool condition);
    bool passed() const { return n_failed == 0; }

  private:
    bool         root;
    unsigned int n_failed = 0;
  };

  /// Box [p1,p2] split into tetrahedra, boundary ids 0..5 = x-,x+,y-,y+,z-,z+ faces.
  /// @p transform (optional) maps vertices of the serial mesh before partitioning.
  std::shared_ptr<DistributedMesh>
  box_mesh(MPI_Comm                                                   comm,
           const std::vector<unsigned int> &                          repetitions,
           const dealii::Point<3> &                                   p1,
           const dealii::Point<3> &                                   p2,
           const std::function<void(dealii::Triangulation<3> &)> &modify = {});

  /// Settings for quiet tests: no files, tight tolerances, given solver.
  ProblemSettings quiet_settings(const std::string &linear_solver = "Direct");

  /// An element formulation of the locking checks (Lamé cylinder, Cook's membrane).
  struct ElementVariant
  {
    std::string name;
    unsigned    degree;
    bool        mean_dilatation;
  };
  /// Quiet direct-solver settings for a nearly incompressible neo-Hookean solid
  /// (Mooney–Rivlin with C01 = 0, shear modulus mu, bulk modulus K) with element @p v.
  ProblemSettings nearly_incompressible_settings(const ElementVariant &v, double mu, double K);

  /// The context of the converged state of a finished problem (for postprocessing helpers).
  StepContext context_of(MechanicsProblem &problem);

  /// The message of the InputError that @p action throws ("" if it throws none).
  std::string input_error_of(const std::function<void()> &action);

  using Case = std::function<Results(MPI_Comm, Checker &)>;
  std::map<std::string, Case> &registry();
  struct Register
  {
    Register(const std::string &name, Case c) { registry()[name] = std::move(c); }
  };
} // namespace spine::verification
