#include "meshes/geometry_report.h"

#include "meshes/flavum_thickness.h"
#include "meshes/geometry/mesh_quality.h"
#include "meshes/ligament_attachments.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace spine::meshes
{
std::vector<CaseGeometry> geometry_cases(const SegmentModel &model)
{
  std::vector<CaseGeometry> cases;
  const CanalGauge gauge = CanalGauge::reference(model.layout);
  auto add = [&](const std::string &name, const std::string &tool) {
    CaseGeometry c{name, tool, model.kept_tets(tool), {}};
    c.canal = measure_canal(boundary_triangles(model.mesh, c.kept, model.mesh.nodes), gauge);
    cases.push_back(c);
  };
  add("intact", "");
  for (const auto &t : model.tools)
    add(t.name, t.name);
  return cases;
}

Json frame_json(const Frame &f)
{
  Json j = Json::object();
  j["origin_mm"] = f.origin;
  j["axis_lateral_left"] = f.e[0];
  j["axis_posterior"] = f.e[1];
  j["axis_cranial"] = f.e[2];
  return j;
}

Json geometry_report(const ModelInput &in, const SegmentModel &model, const std::vector<CaseGeometry> &cases)
{
  const auto &L = model.layout;
  Json r = Json::object();
  r["schema"] = "spine-fe/geometry/1";
  r["input_file"] = in.file;
  r["anatomy_preset"] = in.anatomy_preset;
  r["surgery_plan"] = in.plan.name;
  r["procedure"] = to_string(in.plan.procedure);
  r["mesh_size_preset"] = in.sizes.preset;
  r["mesh_size_global_mm"] = in.sizes.global;
  r["mesh_size_disc_mm"] = in.sizes.disc;
  r["mesh_size_fine_mm"] = in.sizes.fine;
  r["mesh_local_sizes"] = in.sizes.whole_regions ? "whole regions" : "corners";

  Json frames = Json::object();
  frames["L4"] = frame_json(L.l4.body);
  frames["L5"] = frame_json(L.l5.body);
  frames["mid_segment"] = frame_json(L.mid_segment);
  r["frames"] = frames;
  r["lf_thickness_mm"] = in.anatomy.lf.thickness;
  Json anatomy = Json::object();
  for (const auto &[name, v] : {std::make_pair("L4", &in.anatomy.l4), std::make_pair("L5", &in.anatomy.l5)})
  {
    Json j = Json::object();
    j["Body width"] = v->body_width;
    j["Body depth"] = v->body_depth;
    j["Body height"] = v->body_height;
    j["Canal width"] = v->canal_width;
    j["Canal depth"] = v->canal_depth;
    j["Lamina thickness"] = v->lamina_thickness;
    j["Lamina height"] = v->lamina_height;
    anatomy[name] = j;
  }
  r["anatomy_parameters"] = anatomy;
  r["disc_wedge_angle_deg"] = in.anatomy.disc.wedge_angle() * 180 / M_PI;

  Json regions = Json::array();
  std::map<std::string, double> tissue_cad;
  for (const auto &reg : model.regions)
  {
    Json j = Json::object();
    j["id"] = reg.id;
    j["tissue_id"] = reg.tissue;
    j["tissue"] = tissue_name(reg.tissue);
    j["tools"] = reg.tools;
    j["cad_volume_mm3"] = reg.cad_volume;
    j["mesh_volume_mm3"] = reg.mesh_volume;
    regions.push_back(j);
    tissue_cad[tissue_name(reg.tissue)] += reg.cad_volume;
  }
  r["regions"] = regions;

  const auto fibres = ligament_fibres(L);
  Json cases_json = Json::array();
  for (const auto &c : cases)
  {
    Json j = Json::object();
    j["name"] = c.name;
    Json removed = Json::object();
    std::map<std::string, double> removed_volume;
    double dropped_floating = 0;
    const auto by_tool = model.removed_regions(c.tool);
    for (std::size_t i = 0; i < model.mesh.tets.size(); ++i)
      if (!c.kept[i])
      {
        const auto &t = model.mesh.tets[i];
        const double v = tet_volume(model.mesh, t);
        if (by_tool.count(t.region))
          removed_volume[tissue_name(model.region(t.region).tissue)] += v;
        else
          dropped_floating += v;
      }
    for (const auto &[tissue, v] : removed_volume)
      removed[tissue] = v;
    j["removed_volume_mm3"] = removed;
    j["floating_volume_dropped_mm3"] = dropped_floating;
    std::vector<std::string> surviving, lost;
    const SurgicalTool *tool = nullptr;
    for (const auto &t : model.tools)
      if (t.name == c.tool)
        tool = &t;
    for (const auto &f : fibres)
      (tool && (tool->contains(f.l4_point) || tool->contains(f.l5_point)) ? lost : surviving).push_back(f.name);
    j["surviving_attachments"] = surviving;
    j["removed_attachments"] = lost;
    Json canal = Json::object();
    for (const auto &m : c.canal)
    {
      Json p = Json::object();
      p["plane_height_mm"] = m.height;
      p["closed"] = m.section.closed;
      p["area_mm2"] = m.section.closed ? Json(m.section.area) : Json();
      p["width_mm"] = m.section.width;
      p["depth_mm"] = m.section.depth;
      if (!m.section.closed)
        p["error"] = m.section.error;
      canal[m.level] = p;
    }
    j["canal"] = canal;
    // Measured on this case's cells along the LF normal at mid-window (a debulking that
    // reaches that line thins it); the parameter is `lf_thickness_mm`.
    Json lf = Json::object();
    lf["left"] = measured_flavum_thickness(model, 0, c.kept);
    lf["right"] = measured_flavum_thickness(model, 1, c.kept);
    j["lf_thickness_measured_mm"] = lf;
    cases_json.push_back(j);
  }
  r["cases"] = cases_json;
  r["canal_note"] = "Ligamentous canal area (bony and soft-tissue walls, lateral recess closed at the "
                    "medial borders of the superior articular processes). Clinical thresholds "
                    "(100 / 75 mm2) refer to dural-sac area.";

  Json attachments = Json::array();
  for (const auto &f : fibres)
  {
    Json j = Json::object();
    j["ligament"] = f.ligament;
    j["name"] = f.name;
    j["l4_point_mm"] = f.l4_point;
    j["l5_point_mm"] = f.l5_point;
    attachments.push_back(j);
  }
  r["ligament_attachments"] = attachments;

  std::vector<geometry::Point3> nodes(model.mesh.nodes.begin(), model.mesh.nodes.end());
  std::vector<std::array<std::size_t, 4>> tets;
  for (const auto &t : model.mesh.tets)
    tets.push_back(t.v);
  const auto q = geometry::mesh_quality(nodes, tets);
  Json mesh = Json::object();
  mesh["nodes"] = nodes.size();
  mesh["tetrahedra"] = tets.size();
  mesh["inverted"] = q.n_inverted;
  mesh["flat"] = q.n_flat;
  mesh["dihedral_out_of_bounds"] = q.n_dihedral_out_of_bounds;
  mesh["min_dihedral_deg"] = q.min_dihedral_deg;
  mesh["max_dihedral_deg"] = q.max_dihedral_deg;
  mesh["worst_aspect_ratio"] = q.worst_aspect_ratio;
  mesh["total_volume_mm3"] = q.total_volume;
  const SliverRepairSummary &repair = model.sliver_repair;
  Json slivers = Json::object();
  slivers["out_of_bounds_before"] = repair.bad_before;
  slivers["out_of_bounds_after"] = repair.bad_after;
  slivers["collapses"] = repair.collapses;
  slivers["flips"] = repair.flips;
  slivers["peeled"] = repair.peeled;
  slivers["relocations"] = repair.relocations;
  slivers["interface_swaps"] = repair.interface_swaps;
  slivers["largest_move_mm"] = repair.largest_move;
  slivers["largest_relocation_mm"] = repair.largest_relocation;
  mesh["sliver_repair"] = slivers;
  r["mesh"] = mesh;
  r["warnings"] = model.warnings;
  return r;
}

std::string canal_outline_svg(const std::vector<const CaseGeometry *> &cases, const std::string &level)
{
  const double scale = 12, pad = 20;
  double smin = 1e9, smax = -1e9, tmin = 1e9, tmax = -1e9;
  for (const auto *c : cases)
    for (const auto &m : c->canal)
      if (m.level == level)
        for (const auto &line : m.section.outline)
          for (const auto &p : line)
            smin = std::min(smin, p[0]), smax = std::max(smax, p[0]), tmin = std::min(tmin, p[1]),
            tmax = std::max(tmax, p[1]);
  if (smin > smax)
    smin = tmin = -10, smax = tmax = 10;
  const double w = (smax - smin) * scale + 2 * pad, h = (tmax - tmin) * scale + 2 * pad + 40;
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h << "\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  const char *colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  int k = 0;
  for (const auto *c : cases)
  {
    for (const auto &m : c->canal)
      if (m.level == level)
      {
        for (const auto &line : m.section.outline)
        {
          s << "<polygon fill=\"none\" stroke-width=\"1.5\" stroke=\"" << colours[k % 5] << "\" points=\"";
          for (const auto &p : line)
            // Posterior (plane t) points down the page, the patient's left to the right.
            s << pad + (p[0] - smin) * scale << ',' << pad + (p[1] - tmin) * scale << ' ';
          s << "\"/>\n";
        }
        s << "<text x=\"" << pad << "\" y=\"" << h - 25 + 14 * k - 14 * (cases.size() - 1) << "\" font-size=\"13\" fill=\""
          << colours[k % 5] << "\">" << c->name << ": " << (m.section.closed ? std::to_string(m.section.area) : "open")
          << " mm2</text>\n";
      }
    ++k;
  }
  s << "<text x=\"" << pad << "\" y=\"14\" font-size=\"13\">canal outline, " << level
    << " plane (anterior up, posterior down)</text>\n</svg>\n";
  return s.str();
}
} // namespace spine::meshes
