#include "study_output.h"

#include "meshes/mesh_io.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <sstream>

#ifndef SPINE_FE_SCRIPTS_DIR
#  define SPINE_FE_SCRIPTS_DIR "scripts"
#endif

namespace spine::study
{
namespace
{
const char *headline_level = "mid-disc";
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double peak_abs_rotation(const CaseResult &c, const std::string &d)
{
  const auto *r = c.direction(d);
  return (r && r->completed && !r->levels.empty()) ? std::abs(r->levels.back().rotation_deg) : nan;
}

/// Canal area of the neutral posture: the equilibrated state at zero moment (LF pre-tension,
/// preload) of the first direction run, or the undeformed section without such a state.
double neutral_canal(const CaseResult &c)
{
  for (const std::string d : {"flexion", "extension"})
    if (const auto *r = c.direction(d); r && !r->levels.empty() && r->levels.front().moment_Nm == 0. &&
                                        r->levels.front().canal_area_mm2.count(headline_level))
      return r->levels.front().canal_area_mm2.at(headline_level);
  return c.undeformed_canal_mm2.count(headline_level) ? c.undeformed_canal_mm2.at(headline_level) : nan;
}

double peak_canal(const CaseResult &c, const std::string &d)
{
  const auto *r = c.direction(d);
  if (!r || !r->completed || r->levels.empty() || !r->levels.back().canal_area_mm2.count(headline_level))
    return nan;
  return r->levels.back().canal_area_mm2.at(headline_level);
}

double change_pct(double before, double after) { return 100.0 * (after - before) / before; }

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(); }

Json level_json(const LevelResult &l)
{
  Json j = Json::object();
  j["moment_Nm"] = l.moment_Nm;
  j["rotation_deg"] = l.rotation_deg;
  j["translation_mm"] = l.translation_mm;
  j["l4_fit_rms_mm"] = l.fit_rms_mm;
  // Centre of rotation from the neutral state, null while the rotation is too small.
  const auto &cor = l.centre_of_rotation;
  Json centre = Json::object();
  centre["posterior"] = cor.posterior_mm;
  centre["cranial"] = cor.cranial_mm;
  j["centre_of_rotation_mm"] = cor.defined ? centre : Json();
  j["lf_infolding_mm"] = l.lf_infolding_mm;
  Json at = Json::object();
  at["lateral"] = l.lf_infolding_at_mm[0];
  at["posterior"] = l.lf_infolding_at_mm[1];
  at["cranial"] = l.lf_infolding_at_mm[2];
  j["lf_infolding_at_mm"] = at;
  j["intradiscal_pressure_MPa"] = l.intradiscal_pressure_MPa;
  Json canal = Json::object();
  for (const auto &[level, a] : l.canal_area_mm2)
    canal[level] = number(a);
  j["canal_area_mm2"] = canal;
  if (!l.mid_disc_outline.empty())
    j["canal_outline_mid_disc"] = l.mid_disc_outline;
  Json ligaments = Json::object();
  for (const auto &[name, f] : l.ligament_force_N)
    ligaments[name] = f;
  j["ligament_force_N"] = ligaments;
  Json facets = Json::object();
  for (const auto &[name, f] : l.facet_force_N)
    facets[name] = f;
  j["facet_force_N"] = facets;
  Json arch = Json::object();
  for (const auto &[region, st] : l.arch_stress)
  {
    Json r = Json::object();
    r["von_mises_p95_MPa"] = st.value_MPa;
    r["von_mises_max_MPa"] = st.max_MPa;
    r["cells"] = st.cells;
    r["volume_mm3"] = st.volume_mm3;
    arch[region] = r;
  }
  j["l4_arch_stress"] = arch;
  return j;
}
} // namespace

std::string stenosis_category(double a)
{
  if (!std::isfinite(a))
    return "unknown";
  return a < 75 ? "below 75 mm2 (critical)" : a < 100 ? "75-100 mm2 (relative)" : "above 100 mm2";
}

Json study_metrics(const meshes::MeshJob &job, const std::vector<CaseResult> &results)
{
  Json m = Json::object();
  const CaseResult *intact = nullptr, *operated = nullptr;
  for (const auto &c : results)
    (c.name == "intact" ? intact : operated) = &c;
  for (const std::string d : {"flexion", "extension"})
  {
    const double ri = intact ? peak_abs_rotation(*intact, d) : nan;
    const double ro = operated ? peak_abs_rotation(*operated, d) : nan;
    m["rom_" + d + "_intact_deg"] = number(ri);
    m["rom_" + d + "_operated_deg"] = number(ro);
    m["rom_" + d + "_change_pct"] = number(change_pct(ri, ro));
    const DirectionResult *di = intact ? intact->direction(d) : nullptr;
    const DirectionResult *dop = operated ? operated->direction(d) : nullptr;
    auto trans = [](const DirectionResult *r) {
      return r && r->completed && !r->levels.empty() ? std::abs(r->levels.back().translation_mm) : nan;
    };
    m["translation_" + d + "_intact_mm"] = number(trans(di));
    auto infold = [](const DirectionResult *r) {
      return r && r->completed && !r->levels.empty() ? r->levels.back().lf_infolding_mm : nan;
    };
    m["lf_infolding_" + d + "_intact_mm"] = number(infold(di));
    m["lf_infolding_" + d + "_operated_mm"] = number(infold(dop));
    m["translation_" + d + "_operated_mm"] = number(trans(dop));
    // Centre of rotation at the peak moment (mid-segment frame, disc centre = 0).
    auto centre = [](const DirectionResult *r, bool posterior) {
      if (!r || !r->completed || r->levels.empty() || !r->levels.back().centre_of_rotation.defined)
        return nan;
      const auto &c = r->levels.back().centre_of_rotation;
      return posterior ? c.posterior_mm : c.cranial_mm;
    };
    for (const auto &[name, dr] : {std::pair{"intact", di}, std::pair{"operated", dop}})
    {
      m["centre_of_rotation_" + d + "_" + name + "_posterior_mm"] = number(centre(dr, true));
      m["centre_of_rotation_" + d + "_" + name + "_cranial_mm"] = number(centre(dr, false));
    }
    auto idp = [](const DirectionResult *r) {
      return r && r->completed && !r->levels.empty() ? r->levels.back().intradiscal_pressure_MPa : nan;
    };
    m["intradiscal_pressure_" + d + "_intact_MPa"] = number(idp(di));
    m["intradiscal_pressure_" + d + "_operated_MPa"] = number(idp(dop));
    // Secant stiffness over the last output interval (N·m per degree).
    auto stiffness = [](const DirectionResult *r) {
      if (!r || !r->completed || r->levels.size() < 2)
        return nan;
      const auto &a = r->levels[r->levels.size() - 2], &b = r->levels.back();
      return (b.moment_Nm - a.moment_Nm) / std::abs(b.rotation_deg - a.rotation_deg);
    };
    m["stiffness_" + d + "_intact_Nm_per_deg"] = number(stiffness(di));
    m["stiffness_" + d + "_operated_Nm_per_deg"] = number(stiffness(dop));
    m["stiffness_" + d + "_change_pct"] = number(change_pct(stiffness(di), stiffness(dop)));
    // Bone stress left in the operated arch: von Mises p95 at the peak moment.
    for (const std::string region : {"lamina", "pars"})
    {
      auto p95 = [&](const DirectionResult *r) {
        if (!r || !r->completed || r->levels.empty() || !r->levels.back().arch_stress.count(region))
          return nan;
        return r->levels.back().arch_stress.at(region).value_MPa;
      };
      m[region + "_von_mises_p95_" + d + "_intact_MPa"] = number(p95(di));
      m[region + "_von_mises_p95_" + d + "_operated_MPa"] = number(p95(dop));
      m[region + "_von_mises_p95_" + d + "_change_pct"] = number(change_pct(p95(di), p95(dop)));
    }
  }
  for (const std::string posture : {"neutral", "flexion", "extension"})
  {
    auto area = [&](const CaseResult *c) {
      if (!c)
        return nan;
      if (posture == "neutral")
        return neutral_canal(*c);
      return peak_canal(*c, posture);
    };
    const double ai = area(intact), ao = area(operated);
    m["canal_area_" + posture + "_intact_mm2"] = number(ai);
    m["canal_area_" + posture + "_operated_mm2"] = number(ao);
    m["canal_gain_" + posture + "_mm2"] = number(ao - ai);
    m["canal_gain_" + posture + "_pct"] = number(change_pct(ai, ao));
  }
  // Posture effect on the intact canal (clinically: extension narrows it).
  m["canal_extension_minus_flexion_intact_mm2"] =
    number(intact ? peak_canal(*intact, "extension") - peak_canal(*intact, "flexion") : nan);
  double removed = 0;
  for (const auto &c : job.cases)
    if (operated && c.name == operated->mesh_case)
      for (std::size_t i = 0; i < c.kept.size(); ++i)
        if (!c.kept[i])
          removed += meshes::tet_volume(job.model.mesh, job.model.mesh.tets[i]);
  m["removed_volume_mm3"] = removed;
  const auto &plan = job.input.plan;
  m["laminotomy_depth_mm"] = plan.procedure == meshes::Procedure::mild ? Json(plan.laminotomy_depth) : Json();
  m["lf_debulking_depth_mm"] = plan.procedure == meshes::Procedure::mild ? Json(plan.lf_debulking_depth) : Json();
  m["lf_thickness_mm"] = job.input.anatomy.lf.thickness;
  return m;
}

void write_study_outputs(const meshes::MeshJob &job, dealii::ParameterHandler &prm, const StudySettings &s,
                         const std::vector<CaseResult> &results, const std::string &dir)
{
  Json j = Json::object();
  j["schema"] = "spine-fe/study/1";
  Json study = Json::object();
  study["file"] = job.input.file;
  study["anatomy_preset"] = job.input.anatomy_preset;
  study["surgery_plan"] = job.input.plan.name;
  study["procedure"] = meshes::to_string(job.input.plan.procedure);
  study["operated_case"] = meshes::operated_mesh_case(job.input.plan);
  study["cut_ligaments"] = job.input.plan.removed_ligaments;
  study["mesh_size_preset"] = job.input.sizes.preset;
  study["finite_element_degree"] = s.fe_degree;
  study["mean_dilatation"] = s.mean_dilatation;
  study["quadrature"] = s.reduced_quadrature ? "reduced" : "standard";
  study["tetrahedra"] = job.model.mesh.tets.size();
  j["study"] = study;
  Json protocol = Json::object();
  protocol["moments_Nm"] = s.protocol.moments_Nm;
  protocol["directions"] = s.protocol.directions;
  protocol["moment_axis"] = "model x (patient left); flexion positive";
  protocol["follower_load_N"] = s.protocol.follower_load_N;
  protocol["follower_load_offset_mm"] = s.protocol.follower_offset_mm;
  j["protocol"] = protocol;
  Json metrics = study_metrics(job, results);
  j["metrics"] = metrics;
  Json cases = Json::array();
  for (const auto &c : results)
  {
    Json cj = Json::object();
    cj["name"] = c.name;
    cj["mesh_case"] = c.mesh_case;
    Json neutral = Json::object();
    for (const auto &[level, a] : c.undeformed_canal_mm2)
      neutral[level] = number(a);
    cj["undeformed_canal_area_mm2"] = neutral; // the mesh's section; the neutral posture is levels[0]
    for (const auto &d : c.directions)
    {
      Json dj = Json::object();
      dj["completed"] = d.completed;
      dj["message"] = d.message;
      Json partition = Json::object();
      partition["ranks"] = d.ranks;
      partition["fibre_spans_ranks"] = d.fibre_spans_ranks;
      partition["contact_pairs_spanning_ranks"] = d.contact_pairs_spanning_ranks;
      dj["partition"] = partition;
      Json levels = Json::array();
      for (const auto &l : d.levels)
        levels.push_back(level_json(l));
      dj["levels"] = levels;
      cj[d.direction] = dj;
    }
    cases.push_back(cj);
  }
  j["cases"] = cases;
  j["canal_note"] = "Ligamentous canal area at the mid-disc plane of the mid-segment frame; the stenosis "
                    "thresholds 100 / 75 mm2 refer to dural-sac area, which is smaller.";
  meshes::write_atomically(dir + "/study.json", [&](std::ostream &o) { o << j.dump() << '\n'; });

  meshes::write_atomically(dir + "/study.csv", [&](std::ostream &o) {
    o << "# spine-fe study: one row per case, direction and output moment\n"
      << "case,direction,moment_Nm,rotation_deg,translation_mm,canal_area_mid_disc_mm2,lf_infolding_mm,"
         "intradiscal_pressure_MPa\n";
    for (const auto &c : results)
      for (const auto &d : c.directions)
        for (const auto &l : d.levels)
        {
          const auto it = l.canal_area_mm2.find(headline_level);
          o << c.name << ',' << d.direction << ',' << l.moment_Nm << ',' << l.rotation_deg << ','
            << l.translation_mm << ',' << (it != l.canal_area_mm2.end() ? it->second : nan) << ','
            << l.lf_infolding_mm << ',' << l.intradiscal_pressure_MPa << '\n';
        }
  });
  meshes::write_atomically(dir + "/parameters.prm",
                           [&](std::ostream &o) { prm.print_parameters(o, dealii::ParameterHandler::ShortPRM); });
  // Plots and the Markdown report are drawn from study.json by a script (matplotlib).
  const std::string script = std::string(SPINE_FE_SCRIPTS_DIR) + "/study-report";
  if (std::filesystem::exists(script))
  {
    const std::string cmd = "/usr/bin/python3 '" + script + "' '" + dir + "' > '" + dir + "/report.log' 2>&1";
    if (std::system(cmd.c_str()) != 0)
      std::cerr << "study: the report script failed, see report.log\n";
  }
}

void print_study_summary(std::ostream &out, const std::vector<CaseResult> &results, const std::string &dir)
{
  out << "\n" << std::left << std::setw(34) << "metric";
  for (const auto &c : results)
    out << std::setw(12) << c.name;
  out << "change\n";
  auto row = [&](const std::string &label, const std::function<double(const CaseResult &)> &f, const char *unit) {
    out << std::setw(34) << (label + " (" + unit + ")");
    std::vector<double> v;
    for (const auto &c : results)
    {
      v.push_back(f(c));
      std::ostringstream s;
      s << std::fixed << std::setprecision(2) << v.back();
      out << std::setw(12) << s.str();
    }
    if (v.size() == 2)
      out << std::fixed << std::setprecision(1) << (v[1] - v[0]) << " " << unit << " ("
          << std::showpos << change_pct(v[0], v[1]) << std::noshowpos << " %)";
    out << '\n';
  };
  for (const std::string d : {"flexion", "extension"})
    row("ROM " + d, [&](const CaseResult &c) { return peak_abs_rotation(c, d); }, "deg");
  row("canal area mid-disc, neutral", [&](const CaseResult &c) { return neutral_canal(c); }, "mm2");
  for (const std::string d : {"flexion", "extension"})
    row("canal area mid-disc, " + d, [&](const CaseResult &c) { return peak_canal(c, d); }, "mm2");
  for (const auto &c : results)
    out << "stenosis category in extension, " << c.name << ": " << stenosis_category(peak_canal(c, "extension"))
        << " (thresholds refer to dural-sac area)\n";
  out << "results: " << dir << "/study.json, study.csv, report.md\n";
}
} // namespace spine::study
