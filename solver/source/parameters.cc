#include <spine/solver/parameters.h>

#include <sstream>

namespace spine::solver
{
  using dealii::ParameterHandler;
  namespace Patterns = dealii::Patterns;

  namespace
  {
    /// Runs @p parse and prefixes errors with "subsection/parameter = 'value': ".
    template <typename Function>
    auto
    parse_entry(ParameterHandler &prm, const std::string &path, const std::string &name, Function parse)
    {
      const std::string value = prm.get(name);
      try
        {
          return parse(value);
        }
      catch (const InputError &e)
        {
          throw InputError("parameter '" + path + "/" + name + "' = '" + value + "': " + e.what());
        }
    }

    void
    require_positive(const double value, const std::string &path)
    {
      if (!(value > 0.))
        throw InputError("parameter '" + path + "' = " + std::to_string(value) +
                         " is out of range (allowed: > 0)");
    }
  } // namespace

  void
  MeshParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Mesh");
    prm.declare_entry("File", "", Patterns::Anything(),
                      "Gmsh 2.2 .msh file (tetrahedra); relative paths are relative to the "
                      ".prm file. Physical volumes -> material ids, physical surfaces -> "
                      "boundary ids.");
    prm.leave_subsection();
    prm.enter_subsection("Finite element");
    prm.declare_entry("Degree", "2", Patterns::Integer(1, 2),
                      "Polynomial degree of the displacement (P1 or P2 tetrahedra).");
    prm.declare_entry("Mean dilatation", "false", Patterns::Bool(),
                      "Element-wise constant pressure/dilatation (condensed) for laws with a "
                      "volumetric split (Mooney-Rivlin, Holzapfel-Gasser-Ogden): no volumetric "
                      "locking for nearly incompressible regions. Use with Degree = 2.");
    prm.declare_entry("Quadrature", "reduced", Patterns::Selection("standard|reduced"), quadrature_help);
    prm.leave_subsection();
  }

  void
  MeshParameters::parse(ParameterHandler &prm)
  {
    prm.enter_subsection("Mesh");
    file = prm.get("File");
    prm.leave_subsection();
    if (file.empty())
      throw InputError("parameter 'Mesh/File' is empty (allowed: path of a .msh file)");
    prm.enter_subsection("Finite element");
    fe_degree       = prm.get_integer("Degree");
    mean_dilatation = prm.get_bool("Mean dilatation");
    reduced_quadrature = prm.get("Quadrature") == "reduced";
    prm.leave_subsection();
  }

  void
  MaterialParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Materials");
    prm.declare_entry("Material map", "", Patterns::Anything(),
                      "'<material id>: <law>(key=value, ...); ...'. Laws: linear-elastic(E, "
                      "nu), neo-Hookean(E, nu), Mooney-Rivlin(C10, C01, K), Holzapfel-Gasser-Ogden(C10, K, "
                      "k1, k2, kappa, angle [deg], optional fibre axis cx,cy,cz,ax,ay,az). "
                      "Units: MPa.");
    prm.leave_subsection();
  }

  void
  MaterialParameters::parse(ParameterHandler &prm)
  {
    prm.enter_subsection("Materials");
    materials = parse_entry(prm, "Materials", "Material map", parse_material_map);
    prm.leave_subsection();
    if (materials.empty())
      throw InputError("parameter 'Materials/Material map' is empty (allowed: "
                       "'<id>: <law>(key=value, ...); ...')");
  }

  void
  BoundaryConditionParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Boundary conditions");
    prm.declare_entry("Conditions", "", Patterns::Anything(),
                      "'<boundary id>: <condition>; ...' with fixed, fixed(x,z), "
                      "displacement(ux,uy,uz), displacement(z=-1), traction(tx,ty,tz) [MPa, "
                      "dead], pressure(p) [MPa, follower], moment(Mx,My,Mz) [N mm, pure "
                      "couple on the current surface]. Values are at load factor 1.");
    prm.leave_subsection();
  }

  void
  BoundaryConditionParameters::parse(ParameterHandler &prm)
  {
    prm.enter_subsection("Boundary conditions");
    conditions = parse_entry(prm, "Boundary conditions", "Conditions", parse_boundary_conditions);
    prm.leave_subsection();
  }

  void
  LoadSteppingParameters::declare(ParameterHandler &prm)
  {
    const LoadSteppingSettings d;
    prm.enter_subsection("Load stepping");
    prm.declare_entry("Initial step", std::to_string(d.initial_step), Patterns::Double(0., 1.));
    prm.declare_entry("Minimum step", std::to_string(d.minimum_step), Patterns::Double(0., 1.));
    prm.declare_entry("Maximum step", std::to_string(d.maximum_step), Patterns::Double(0., 1.));
    prm.declare_entry("Must points", "1", Patterns::Anything(),
                      "Comma-separated load factors in (0,1] that are hit exactly and written "
                      "as PVTU; 1 is always included.");
    prm.declare_entry("Growth factor", std::to_string(d.growth_factor), Patterns::Double(1.));
    prm.declare_entry("Cut-back factor", std::to_string(d.cutback_factor), Patterns::Double(0., 1.));
    prm.declare_entry("Easy step iterations", std::to_string(d.easy_iterations),
                      Patterns::Integer(1), "The step grows after a step needing at most this "
                                             "many Newton iterations.");
    prm.declare_entry("Extrapolate initial guess", "true", Patterns::Bool());
    prm.leave_subsection();
  }

  void
  LoadSteppingParameters::parse(ParameterHandler &prm)
  {
    prm.enter_subsection("Load stepping");
    settings.initial_step = prm.get_double("Initial step");
    settings.minimum_step = prm.get_double("Minimum step");
    settings.maximum_step = prm.get_double("Maximum step");
    settings.must_points  = parse_entry(prm, "Load stepping", "Must points", parse_load_factor_list);
    settings.growth_factor   = prm.get_double("Growth factor");
    settings.cutback_factor  = prm.get_double("Cut-back factor");
    settings.easy_iterations = prm.get_integer("Easy step iterations");
    settings.extrapolate     = prm.get_bool("Extrapolate initial guess");
    prm.leave_subsection();
    require_positive(settings.initial_step, "Load stepping/Initial step");
    require_positive(settings.minimum_step, "Load stepping/Minimum step");
    require_positive(settings.maximum_step, "Load stepping/Maximum step");
    if (settings.minimum_step > settings.initial_step)
      throw InputError("parameter 'Load stepping/Minimum step' exceeds 'Initial step'");
  }

  void
  NonlinearSolverParameters::declare(ParameterHandler &prm)
  {
    const NonlinearSolverSettings d;
    prm.enter_subsection("Nonlinear solver");
    prm.declare_entry("Maximum iterations", std::to_string(d.max_iterations), Patterns::Integer(1));
    prm.declare_entry("Residual tolerance absolute", "1e-9", Patterns::Double(0.));
    prm.declare_entry("Residual tolerance relative", "1e-8", Patterns::Double(0.),
                      "Relative to max(initial residual of the step, |internal force|).");
    prm.declare_entry("Increment tolerance absolute", "1e-10", Patterns::Double(0.));
    prm.declare_entry("Increment tolerance relative", "1e-6", Patterns::Double(0.),
                      "Bound on the error left after an update, relative to |u|; the error is "
                      "estimated as |du| min(1, rho / (1 - rho)), rho = the ratio of the last two "
                      "updates' norms (|du| in a step's first iteration). 1e-6 keeps the reported "
                      "metrics to ~1e-6 relative of a 1e-8 run (docs/benchmarks.md, inexact "
                      "Newton) and saves the last Newton iteration of most steps.");
    prm.declare_entry("Line search", "true", Patterns::Bool());
    prm.declare_entry("Maximum line search steps", "5", Patterns::Integer(0));
    prm.declare_entry("Tangent check", "false", Patterns::Bool(),
                      "Diagnostic: after each converged load step print, for the whole model, "
                      "each material, the surface loads and each interaction, |K v| and "
                      "|K v - (R(u+v) - R(u-v))/2| for the step increment and a random "
                      "direction v. A consistent tangent gives a relative error of ~1e-6 or "
                      "less; costs several assemblies per step.");
    prm.leave_subsection();
  }

  void
  NonlinearSolverParameters::parse(ParameterHandler &prm)
  {
    prm.enter_subsection("Nonlinear solver");
    settings.max_iterations        = prm.get_integer("Maximum iterations");
    settings.residual_absolute     = prm.get_double("Residual tolerance absolute");
    settings.residual_relative     = prm.get_double("Residual tolerance relative");
    settings.increment_absolute    = prm.get_double("Increment tolerance absolute");
    settings.increment_relative    = prm.get_double("Increment tolerance relative");
    settings.line_search           = prm.get_bool("Line search");
    settings.max_line_search_steps = prm.get_integer("Maximum line search steps");
    settings.tangent_check         = prm.get_bool("Tangent check");
    prm.leave_subsection();
  }

  void
  LinearSolverParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Linear solver");
    prm.declare_entry("Solver", "CG", Patterns::Selection("CG|GMRES|Direct"));
    prm.declare_entry("Direct solver package", "Amesos_Klu",
                      Patterns::Selection("Amesos_Klu|Amesos_Mumps"));
    prm.declare_entry("Relative tolerance", "1e-8", Patterns::Double(0.));
    prm.declare_entry("Forcing term", "Eisenstat-Walker", Patterns::Selection("fixed|Eisenstat-Walker"),
                      "Relative tolerance of each Krylov solve within Newton. Eisenstat-Walker "
                      "(inexact Newton): 0.1 at the first iteration of a load step, then "
                      "tightening as fast as the Newton residual falls, never tighter than "
                      "'Relative tolerance' nor than needed to meet the Newton residual "
                      "tolerance; the same converged state with fewer Krylov iterations "
                      "(docs/benchmarks.md). fixed: 'Relative tolerance' every time (always for "
                      "a geometrically linear run). With the direct solver it only sets the "
                      "tolerance of the GMRES iterations around the factorisation (moment loads).");
    prm.declare_entry("Maximum iterations", "2000", Patterns::Integer(1));
    prm.declare_entry("Rigid body modes", "6", Patterns::Selection("3|6"),
                      "AMG near-null space: 6 = translations and rotations, 3 = translations.");
    prm.declare_entry("Reuse preconditioner", "true", Patterns::Bool(),
                      "Keep the AMG hierarchy for all Newton iterations of a load step.");
    prm.declare_entry("Smoothed aggregation", "true", Patterns::Bool(),
                      "AMG prolongators smoothed by one damped Jacobi step (true) or plain "
                      "aggregates (false). Plain aggregation sets up ~3.5x faster but needs ~2x "
                      "the CG iterations (P2 elasticity, docs/benchmarks.md): it pays for a "
                      "single linear solve, less when the hierarchy is reused over several "
                      "Newton iterations.");
    prm.declare_entry("Preconditioner", "p-multigrid", Patterns::Selection("AMG|p-multigrid"),
                      "p-multigrid (P2): Chebyshev-Jacobi smoothing on the full matrix and ML AMG "
                      "on the Galerkin operator of the vertex (P1) space; its set-up is 4-5x "
                      "cheaper and it needs fewer Krylov iterations (docs/benchmarks.md). AMG: ML "
                      "smoothed aggregation on the full matrix (always used for P1). The ML "
                      "options below apply to the AMG either way.");
    prm.declare_entry("Smoother degree", "3", Patterns::Integer(1, 20),
                      "Chebyshev polynomial degree of the p-multigrid smoother (pre and post).");
    prm.declare_entry("ML parameters", "", Patterns::Anything(),
                      "Extra ML options, set after the defaults: '<ML name> = <value>; ...', e.g. "
                      "'smoother: sweeps = 2; aggregation: threshold = 0'. Integers, reals and "
                      "true/false are passed as such, anything else as text; ML ignores names it "
                      "does not know (see the Trilinos ML guide). For tuning; the defaults are "
                      "measured in docs/benchmarks.md.");
    prm.leave_subsection();
  }

  void
  LinearSolverParameters::parse(ParameterHandler &prm)
  {
    prm.enter_subsection("Linear solver");
    settings.type                 = prm.get("Solver");
    settings.direct_package       = prm.get("Direct solver package");
    settings.relative_tolerance   = prm.get_double("Relative tolerance");
    settings.forcing_term         = prm.get("Forcing term");
    settings.max_iterations       = prm.get_integer("Maximum iterations");
    settings.rigid_body_modes     = prm.get_integer("Rigid body modes");
    settings.reuse_preconditioner = prm.get_bool("Reuse preconditioner");
    settings.smoothed_aggregation = prm.get_bool("Smoothed aggregation");
    settings.preconditioner       = prm.get("Preconditioner");
    settings.smoother_degree      = prm.get_integer("Smoother degree");
    settings.ml_parameters.clear();
    const std::string ml = prm.get("ML parameters");
    for (const auto &item : dealii::Utilities::split_string_list(ml, ';'))
      {
        const auto eq = item.find('=');
        const std::string name = eq == std::string::npos ? "" : dealii::Utilities::trim(item.substr(0, eq));
        const std::string value = eq == std::string::npos ? "" : dealii::Utilities::trim(item.substr(eq + 1));
        if (name.empty() || value.empty())
          {
            prm.leave_subsection();
            throw InputError("parameter 'Linear solver/ML parameters' = '" + ml + "': entry '" + item +
                             "' is not '<ML name> = <value>' (allowed: a ';'-separated list of such entries)");
          }
        settings.ml_parameters.emplace_back(name, value);
      }
    prm.leave_subsection();
  }

  void
  OutputParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    prm.declare_entry("Directory", "results", Patterns::Anything(),
                      "Relative paths are relative to the working directory.");
    prm.declare_entry("Write VTU", "true", Patterns::Bool());
    prm.declare_entry("Subdivisions", "0", Patterns::Integer(0),
                      "Patch subdivisions per cell in the VTU output; 0 = FE degree.");
    prm.declare_entry("Rigid body fits", "", Patterns::Anything(),
                      "'<label>: <material id>, ...; ...' -> columns <label>_rot{x,y,z} "
                      "[deg], <label>_u{x,y,z} [mm] per step.");
    prm.declare_entry("Reactions", "", Patterns::Anything(),
                      "Comma-separated boundary ids -> reaction_b<id>_F*, _M* per step.");
    prm.leave_subsection();
  }

  void
  OutputParameters::parse(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    settings.directory    = prm.get("Directory");
    settings.write_vtu    = prm.get_bool("Write VTU");
    settings.subdivisions = prm.get_integer("Subdivisions");
    const auto ids = [](const std::string &text, const std::string &context) {
      std::vector<unsigned int> result;
      for (const double v : [&]() {
             std::vector<double> values;
             std::stringstream   in(text);
             std::string         piece;
             while (std::getline(in, piece, ','))
               {
                 if (piece.find_first_not_of(" \t") == std::string::npos)
                   continue;
                 try
                   {
                     std::size_t used = 0;
                     values.push_back(std::stod(piece, &used));
                   }
                 catch (...)
                   {
                     throw InputError("'" + piece + "' is not an id in '" + context + "'");
                   }
               }
             return values;
           }())
        {
          if (v < 0 || v != static_cast<unsigned int>(v))
            throw InputError("'" + std::to_string(v) + "' is not an id in '" + context + "'");
          result.push_back(static_cast<unsigned int>(v));
        }
      return result;
    };
    rigid_body_fits.clear();
    parse_entry(prm, "Output", "Rigid body fits", [&](const std::string &text) {
      std::stringstream in(text);
      std::string       entry;
      while (std::getline(in, entry, ';'))
        {
          if (entry.find_first_not_of(" \t") == std::string::npos)
            continue;
          const auto colon = entry.find(':');
          if (colon == std::string::npos)
            throw InputError("expected '<label>: <material ids>' in '" + entry + "'");
          std::string label = entry.substr(0, colon);
          label.erase(0, label.find_first_not_of(" \t"));
          label.erase(label.find_last_not_of(" \t") + 1);
          for (const auto id : ids(entry.substr(colon + 1), entry))
            rigid_body_fits[label].insert(static_cast<dealii::types::material_id>(id));
        }
      return 0;
    });
    reactions.clear();
    for (const auto id : parse_entry(prm, "Output", "Reactions", [&](const std::string &text) {
           return ids(text, text);
         }))
      reactions.push_back(static_cast<dealii::types::boundary_id>(id));
    prm.leave_subsection();
  }

  void
  RunParameters::declare(ParameterHandler &prm)
  {
    MeshParameters::declare(prm);
    MaterialParameters::declare(prm);
    BoundaryConditionParameters::declare(prm);
    LoadSteppingParameters::declare(prm);
    NonlinearSolverParameters::declare(prm);
    LinearSolverParameters::declare(prm);
    OutputParameters::declare(prm);
  }

  void
  RunParameters::parse(ParameterHandler &prm)
  {
    mesh.parse(prm);
    materials.parse(prm);
    boundary_conditions.parse(prm);
    load_stepping.parse(prm);
    nonlinear_solver.parse(prm);
    linear_solver.parse(prm);
    output.parse(prm);
  }

  ProblemSettings
  RunParameters::problem_settings() const
  {
    ProblemSettings s;
    s.fe_degree           = mesh.fe_degree;
    s.mean_dilatation     = mesh.mean_dilatation;
    s.reduced_quadrature  = mesh.reduced_quadrature;
    s.materials           = materials.materials;
    s.boundary_conditions = boundary_conditions.conditions;
    s.load_stepping       = load_stepping.settings;
    s.nonlinear           = nonlinear_solver.settings;
    s.linear              = linear_solver.settings;
    s.output              = output.settings;
    return s;
  }
} // namespace spine::solver
