#include "study_driver.h"

#include "arch_regions.h"
#include "study_output.h"

#include "meshes/input_error.h"

#include <spine/solver/mechanics_problem.h>
#include <spine/solver/mesh_setup.h>
#include <spine/solver/parameters.h>
#include <spine/solver/postprocessing.h>
#include <spine/solver/surface_contact.h>
#include <spine/solver/fluid_cavity.h>

#include <deal.II/base/mpi.h>

#include <boost/serialization/map.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <utility>
#include <iostream>

namespace spine::study
{
namespace fs = std::filesystem;
using dealii::Utilities::MPI::broadcast;
using dealii::Utilities::MPI::this_mpi_process;

const DirectionResult *CaseResult::direction(const std::string &d) const
{
  for (const auto &r : directions)
    if (r.direction == d)
      return &r;
  return nullptr;
}

void declare_study_parameters(dealii::ParameterHandler &prm)
{
  meshes::declare_model_parameters(prm);
  TissueMaterials::declare(prm);
  LigamentSet::declare(prm);
  prm.enter_subsection("Facet contact");
  prm.declare_entry("Enabled", "true", dealii::Patterns::Bool(),
                    "Frictionless penalty contact between the L4 inferior and L5 superior facet cartilage "
                    "(two-half-pass at face quadrature points, docs/solver.md)");
  prm.declare_entry("Penalty", "100", dealii::Patterns::Double(1, 1e6),
                    "Contact pressure per mm of penetration (N/mm³). The largest value with which the P2 "
                    "study converges without load cut-backs once the facets carry load; 3 x and 10 x more "
                    "change the facet force by <= 3.5 % and the ROM by <= 0.6 % there (docs/tissues.md). "
                    "Stiffer values make Newton stall on the coarse facet meshes");
  prm.declare_entry("Smoothed normals", "true", dealii::Patterns::Bool(),
                    "Master normal at a contact point interpolated from node normals (area-weighted "
                    "means of the facets around each node): continuous across facet edges. false: each "
                    "facet's own normal, which jumps at its edges (docs/solver.md)");
  prm.declare_entry("Augmentations", "0", dealii::Patterns::Integer(0, 100),
                    "Augmented-Lagrangian updates per load step at most: each converged step takes every "
                    "contact point's pressure as its multiplier and is solved again until the multipliers "
                    "settle ('Augmentation tolerance'), so the contact pressure no longer depends on the "
                    "penalty. 0: pure penalty");
  prm.declare_entry("Augmentation tolerance", "0.01", dealii::Patterns::Double(1e-8, 1),
                    "Relative change of the multipliers (root mean square over the contact points) below "
                    "which a step's multipliers count as settled");
  prm.declare_entry("Penalty smoothing", "0.01", dealii::Patterns::Double(0, 0.1),
                    "Penetration (mm) over which the contact pressure's slope grows from zero to the "
                    "penalty (quadratic onset): a continuously differentiable pressure law, so points "
                    "entering contact do not make Newton's tangent jump. 0: the plain penalty (kinked at "
                    "first touch). 0.01 against 0 on the P2 clearance study: 16 min 29 s -> 11 min 21 s "
                    "(the operated extension run 16 -> 7 load steps), ROM <= 0.1 %, facet forces -1 to "
                    "-4 % (docs/tissues.md)");
  prm.leave_subsection();
  Protocol::declare(prm);
  prm.enter_subsection("Finite element");
  prm.declare_entry("Degree", "2", dealii::Patterns::Integer(1, 2),
                    "Polynomial degree of the displacement (P2 default; P1 only for quick checks)");
  prm.declare_entry("Mean dilatation", "false", dealii::Patterns::Bool(),
                    "Element-wise constant pressure and dilatation (condensed) for the laws with a "
                    "volumetric split (Mooney-Rivlin, Holzapfel-Gasser-Ogden): keeps a nearly "
                    "incompressible nucleus from locking with P2 (no effect with P1, whose dilatation is "
                    "constant per tetrahedron). Off by default: with the HGO annulus it converges poorly "
                    "(docs/tissues.md)");
  prm.declare_entry("Quadrature", "reduced", dealii::Patterns::Selection("standard|reduced"),
                    solver::quadrature_help);
  prm.leave_subsection();
  prm.enter_subsection("Output");
  prm.declare_entry("Write VTU", "true", dealii::Patterns::Bool(), "ParaView output per load level");
  prm.leave_subsection();
  prm.enter_subsection("Parallel");
  prm.declare_entry("Partitioner", "graph", dealii::Patterns::Selection("graph|slabs"),
                    "How the mesh is split among MPI ranks: graph (METIS, fewest cut faces) or slabs "
                    "(equal cell counts in slabs along the cranial axis; the rank-independence test "
                    "uses it so that both facet joints and the posterior ligaments span two ranks)");
  prm.leave_subsection();
  solver::LoadSteppingParameters::declare(prm);
  solver::NonlinearSolverParameters::declare(prm);
  solver::LinearSolverParameters::declare(prm);
}

namespace
{
StudySettings parse_study_settings(dealii::ParameterHandler &prm, const std::string &file)
{
  StudySettings s;
  s.protocol.parse(prm, file);
  s.materials.parse(prm, file);
  s.ligaments.parse(prm, file);
  prm.enter_subsection("Facet contact");
  s.facet_contact = prm.get_bool("Enabled");
  s.contact_penalty = prm.get_double("Penalty");
  s.contact_smoothed_normals = prm.get_bool("Smoothed normals");
  s.contact_augmentations = prm.get_integer("Augmentations");
  s.contact_augmentation_tolerance = prm.get_double("Augmentation tolerance");
  s.contact_penalty_smoothing = prm.get_double("Penalty smoothing");
  prm.leave_subsection();
  prm.enter_subsection("Finite element");
  s.fe_degree = prm.get_integer("Degree");
  s.mean_dilatation = prm.get_bool("Mean dilatation");
  s.reduced_quadrature = prm.get("Quadrature") == "reduced";
  prm.leave_subsection();
  prm.enter_subsection("Output");
  s.write_vtu = prm.get_bool("Write VTU");
  prm.leave_subsection();
  prm.enter_subsection("Parallel");
  s.partitioner = prm.get("Partitioner") == "slabs" ? solver::Partitioner::slabs : solver::Partitioner::graph;
  prm.leave_subsection();
  meshes::rethrow_as_input_error(
    [&] {
      solver::LoadSteppingParameters ls;
      ls.parse(prm);
      s.load_stepping = ls.settings;
      solver::NonlinearSolverParameters nl;
      nl.parse(prm);
      s.nonlinear = nl.settings;
      solver::LinearSolverParameters lin;
      lin.parse(prm);
      s.linear = lin.settings;
    },
    file);
  s.load_stepping.must_points.clear();
  for (double m : s.protocol.moments_Nm)
    s.load_stepping.must_points.push_back(m / s.protocol.moments_Nm.back());
  return s;
}

/// What every rank needs to know about the mesh built on rank 0.
struct SharedModel
{
  std::map<int, int> tissue_of_region;
  std::vector<std::pair<std::string, std::string>> cases; ///< study case name, mesh case name
  std::string mesh_directory;
};

DirectionResult run_direction(MPI_Comm comm, const StudySettings &s, const SharedModel &model,
                              const std::string &mesh_file, const meshes::CanalGauge &gauge,
                              const meshes::AnatomyLayout &layout, const std::vector<meshes::LigamentFibre> &sites,
                              const meshes::SurgicalTool *tool, const std::vector<std::string> &cut_ligaments,
                              const std::string &direction, const std::string &out_dir,
                              solver::MechanicsProblem::NeutralState &neutral_state)
{
  std::set<dealii::types::material_id> l4, l5, lf, nucleus, l4_arch;
  for (const auto &[region, tissue] : model.tissue_of_region)
  {
    if (tissue == meshes::l4_posterior)
      l4_arch.insert(region);
    if (tissue == meshes::nucleus)
      nucleus.insert(region);
    if (tissue == meshes::lf_left || tissue == meshes::lf_right)
      lf.insert(region);
    if (meshes::tissue_level(tissue) == 4)
      l4.insert(region);
    if (meshes::tissue_level(tissue) == 5)
      l5.insert(region);
  }
  auto mesh = solver::read_distributed_gmsh(comm, mesh_file, s.partitioner);
  std::set<int> present;
  for (auto id : solver::global_material_ids(*mesh))
    present.insert(id);
  std::map<int, int> tissues;
  for (const auto &[region, tissue] : model.tissue_of_region)
    if (present.count(region))
      tissues[region] = tissue;

  solver::ProblemSettings ps;
  ps.fe_degree = s.fe_degree;
  ps.mean_dilatation = s.mean_dilatation;
  ps.reduced_quadrature = s.reduced_quadrature;
  ps.materials = s.materials.material_map(tissues, layout);
  solver::BoundaryConditionSpec fixed, moment;
  fixed.boundary_id = meshes::l5_inferior_endplate;
  fixed.kind = solver::BoundaryKind::fixed;
  moment.boundary_id = meshes::l4_superior_endplate;
  moment.kind = solver::BoundaryKind::moment;
  moment.vector[0] = Protocol::sign(direction) * s.protocol.moments_Nm.back() * 1000.0; // N·mm
  ps.boundary_conditions = {fixed, moment};
  if (s.protocol.follower_load_N > 0)
  {
    // Follower preload through the L4 endplate; an offset line of action adds F x offset
    // about the lateral axis (anterior offset = flexion), also held from the start.
    solver::BoundaryConditionSpec follower;
    follower.boundary_id = meshes::l4_superior_endplate;
    follower.kind = solver::BoundaryKind::follower_force;
    follower.force = s.protocol.follower_load_N;
    follower.preload = true;
    ps.boundary_conditions.push_back(follower);
    if (s.protocol.follower_offset_mm != 0)
    {
      solver::BoundaryConditionSpec couple = moment;
      couple.vector = dealii::Tensor<1, 3>();
      couple.vector[0] = s.protocol.follower_load_N * s.protocol.follower_offset_mm; // N·mm
      couple.preload = true;
      ps.boundary_conditions.push_back(couple);
    }
  }
  ps.load_stepping = s.load_stepping;
  // Pre-stressed tissue (LF pre-stretch): equilibrate the neutral posture first.
  for (const auto &[id, spec] : ps.materials)
    ps.load_stepping.equilibrate_initial_state =
      ps.load_stepping.equilibrate_initial_state || spec.parameters.count("prestretch") > 0;
  ps.nonlinear = s.nonlinear;
  ps.linear = s.linear;
  ps.output.directory = out_dir;
  ps.output.write_vtu = s.write_vtu;

  DirectionResult result;
  result.direction = direction;
  solver::MechanicsProblem problem(comm, ps);
  auto fibres = std::make_shared<solver::LigamentFibres>(s.ligaments.fibres(sites, tool, cut_ligaments, l4, l5),
                                                         s.ligaments.snap_tolerance_mm);
  problem.add_interaction(fibres);
  std::shared_ptr<solver::SurfaceContact> contact;
  // A joint whose facet surfaces the surgery removed (disc-alone specimen) has no contact.
  std::vector<solver::ContactPair> joints;
  const auto surfaces = solver::global_boundary_ids(*mesh);
  for (const solver::ContactPair &pair : {solver::ContactPair{"facet_left", meshes::l4_facet_left, meshes::l5_facet_left},
                                          solver::ContactPair{"facet_right", meshes::l4_facet_right, meshes::l5_facet_right}})
    if (surfaces.count(pair.surface_a) && surfaces.count(pair.surface_b))
      joints.push_back(pair);
  if (s.facet_contact && !joints.empty())
  {
    // Search 1 mm (twice the facet gap); couplings for points within 0.3 mm of contact, grown
    // before each load step as the joint closes or slides (the inferior process slides 1-2 mm
    // in extension).
    contact = std::make_shared<solver::SurfaceContact>(joints, s.contact_penalty, 1., 0.3, 0.25,
                                                       s.contact_smoothed_normals, s.contact_augmentations,
                                                       s.contact_augmentation_tolerance, s.contact_penalty_smoothing);
    problem.add_interaction(contact);
  }
  std::shared_ptr<solver::FluidCavity> cavity;
  if (s.materials.nucleus_fluid_bulk_modulus > 0 && !nucleus.empty())
  {
    cavity = std::make_shared<solver::FluidCavity>(nucleus, s.materials.nucleus_fluid_bulk_modulus);
    problem.add_interaction(cavity);
  }
  problem.set_mesh(mesh);
  problem.add_postprocessor(make_segment_metrics(l4, l5, lf, gauge, s.protocol.moments_Nm.back(), result.levels));
  problem.add_postprocessor([&result, fibres, contact, cavity, nucleus, l4_arch, &layout](const solver::StepContext &ctx) {
    if (result.levels.empty())
      return;
    // Bone stress where a laminotomy leaves the lamina thinner (collective).
    const auto arch = solver::von_mises_percentile(ctx, [&](const auto &cell) -> unsigned int {
      if (!l4_arch.count(cell->material_id()))
        return outside_arch;
      const auto c = cell->center();
      return l4_arch_region(layout, {c[0], c[1], c[2]});
    });
    for (const auto &[region, stress] : arch)
      result.levels.back().arch_stress[arch_region_name(region)] = stress;
    // Intradiscal pressure: mean nucleus pressure, solid plus fluid (collective, all ranks).
    if (!nucleus.empty())
    {
      const double idp =
        solver::mean_pressure_of_region(ctx, nucleus).mean_pressure + (cavity ? cavity->pressure() : 0.);
      result.levels.back().intradiscal_pressure_MPa = idp;
      ctx.statistics.add_value("intradiscal_pressure", idp, "MPa");
    }
    auto &forces = result.levels.back().ligament_force_N;
    forces.clear();
    for (std::size_t f = 0; f < fibres->fibres().size(); ++f)
      forces[fibres->fibres()[f].ligament] += fibres->states()[f].force;
    if (contact)
      for (std::size_t p = 0; p < contact->pairs().size(); ++p)
        result.levels.back().facet_force_N[contact->pairs()[p].name] = contact->results()[p].force;
  });
  // Every direction of a case starts from the same equilibrated neutral state: solve it once.
  problem.start_from_neutral_state(std::move(neutral_state));
  const auto summary = problem.run();
  neutral_state = problem.neutral_state();
  result.ranks = dealii::Utilities::MPI::n_mpi_processes(comm);
  result.fibre_spans_ranks = fibres->spans_ranks();
  if (contact)
    for (std::size_t p = 0; p < contact->pairs().size(); ++p)
      if (contact->spans_ranks(p))
        result.contact_pairs_spanning_ranks.push_back(contact->pairs()[p].name);
  result.completed = summary.completed;
  result.message = summary.message;
  return result;
}

/// The study cases (name, mesh case) that Protocol/Cases asks for and the plan has.
std::vector<std::pair<std::string, std::string>> study_cases(const meshes::SurgeryPlan &plan,
                                                             const std::vector<std::string> &wanted,
                                                             const std::string &file)
{
  std::vector<std::pair<std::string, std::string>> cases;
  const auto wants = [&](const char *c) { return std::find(wanted.begin(), wanted.end(), c) != wanted.end(); };
  if (wants("intact"))
    cases.emplace_back("intact", "intact");
  const std::string operated = meshes::operated_mesh_case(plan);
  if (!operated.empty() && wants("operated"))
    cases.emplace_back("operated", operated);
  if (cases.empty())
    throw InputError("Protocol/Cases", "operated", "'intact' when the plan has no surgery", file);
  return cases;
}
} // namespace

void check_study_file(const std::string &file)
{
  dealii::ParameterHandler prm;
  meshes::parse_with_presets(prm, file, declare_study_parameters);
  const auto settings = parse_study_settings(prm, file);
  const auto input = meshes::parse_model_input(prm, file);
  settings.protocol.check_follower_path(input.anatomy.l4.body_depth, file);
  study_cases(input.plan, settings.protocol.cases, file);
}

int run_study(MPI_Comm comm, const std::string &file)
{
  const bool root = this_mpi_process(comm) == 0;
  std::string error;
  dealii::ParameterHandler prm;
  StudySettings settings;
  std::unique_ptr<meshes::MeshJob> job;
  SharedModel shared;
  std::string final_dir, work_dir;
  try
  {
    meshes::parse_with_presets(prm, file, declare_study_parameters);
    settings = parse_study_settings(prm, file);
    settings.protocol.check_follower_path(meshes::parse_model_input(prm, file).anatomy.l4.body_depth, file);
    if (root)
    {
      job = std::make_unique<meshes::MeshJob>(meshes::prepare_mesh_job(prm, file));
      final_dir = fs::absolute(job->input.output_directory).string();
      work_dir = fs::path(final_dir).parent_path() / ("." + fs::path(final_dir).filename().string() + ".partial");
      fs::remove_all(work_dir);
      fs::create_directories(work_dir + "/mesh");
      meshes::write_mesh_outputs(*job, prm, work_dir + "/mesh");
      for (const auto &r : job->model.regions)
        shared.tissue_of_region[r.id] = r.tissue;
      shared.cases = study_cases(job->input.plan, settings.protocol.cases, file);
      std::cout << "study: mesh " << job->model.mesh.tets.size() << " tetrahedra"
                << (job->reused_cache ? " (cached)" : "") << ", cases:";
      for (const auto &c : shared.cases)
        std::cout << ' ' << c.first << " (" << c.second << ")";
      std::cout << std::endl;
    }
  }
  catch (const std::exception &e)
  {
    error = e.what();
  }
  error = broadcast(comm, error, 0);
  if (!error.empty())
  {
    if (root)
      std::cerr << "spine-fe study: error: " << error << '\n';
    return 1;
  }
  shared.tissue_of_region = broadcast(comm, shared.tissue_of_region, 0);
  shared.cases = broadcast(comm, shared.cases, 0);
  work_dir = broadcast(comm, work_dir, 0);
  const meshes::ModelInput input = meshes::parse_model_input(prm, file);
  const meshes::AnatomyLayout layout(input.anatomy);
  const meshes::CanalGauge gauge = meshes::CanalGauge::reference(layout);
  // Pure geometry: every rank derives the attachment sites and the tools itself.
  const auto sites = meshes::ligament_fibres(layout);
  const auto tools = meshes::make_surgical_tools(layout, input.plan);

  std::vector<CaseResult> results;
  bool all_completed = true;
  for (const auto &[name, mesh_case] : shared.cases)
  {
    CaseResult c;
    c.name = name;
    c.mesh_case = mesh_case;
    const meshes::SurgicalTool *tool = nullptr;
    for (const auto &t : tools)
      if (t.name == mesh_case)
        tool = &t;
    // Only the operated case loses the ligaments the plan cuts.
    const std::vector<std::string> cut_ligaments =
      name == "operated" ? input.plan.removed_ligaments : std::vector<std::string>{};
    // Rank 0 measures the canal: it alone has the reference sections, whose mid-canal points
    // seed the deformed sections (robust to a disc bulging past the reference seed).
    meshes::CanalGauge case_gauge = gauge;
    if (root)
      for (const auto &g : job->cases)
        if (g.name == mesh_case)
        {
          case_gauge = meshes::with_level_seeds(gauge, g.canal);
          for (const auto &m : g.canal)
            c.undeformed_canal_mm2[m.level] = m.section.closed ? m.section.area : std::numeric_limits<double>::quiet_NaN();
        }
    solver::MechanicsProblem::NeutralState neutral_state;
    for (const auto &direction : settings.protocol.directions)
    {
      if (root)
        std::cout << "study: " << name << ", " << direction << " to " << settings.protocol.moments_Nm.back()
                  << " N·m" << std::endl;
      try
      {
        c.directions.push_back(run_direction(comm, settings, shared,
                                             work_dir + "/mesh/" + meshes::MeshJob::mesh_file(mesh_case), case_gauge,
                                             layout, sites, tool, cut_ligaments, direction, work_dir + "/" + name + "-" + direction,
                                             neutral_state));
      }
      catch (const std::exception &e)
      {
        DirectionResult failed;
        failed.direction = direction;
        failed.message = e.what();
        c.directions.push_back(failed);
      }
      all_completed = all_completed && c.directions.back().completed;
      if (root && !c.directions.back().completed)
        std::cerr << "study: " << name << " " << direction << " did not reach the peak moment: "
                  << c.directions.back().message << '\n';
    }
    results.push_back(c);
  }

  if (root)
  {
    write_study_outputs(*job, prm, settings, results, work_dir);
    fs::remove_all(final_dir);
    fs::rename(work_dir, final_dir);
    print_study_summary(std::cout, results, final_dir);
  }
  return all_completed ? 0 : 2;
}
} // namespace spine::study
