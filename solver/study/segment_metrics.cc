#include "segment_metrics.h"

#include <spine/solver/postprocessing.h>

#include <deal.II/base/mpi.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <map>
#include <memory>

namespace spine::study
{
namespace
{
using meshes::Vec3;
using meshes::operator+;
using meshes::operator*;
using meshes::operator-;

Vec3 to_vec(const dealii::Tensor<1, 3> &t) { return {t[0], t[1], t[2]}; }

RigidMotion rigid_motion_of(const solver::RigidBodyFit &f)
{
  std::array<Vec3, 3> R;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      R[i][j] = f.rotation[i][j];
  return RigidMotion::about(R, {f.reference_centroid[0], f.reference_centroid[1], f.reference_centroid[2]},
                            to_vec(f.translation));
}

/// Motion of the mid-segment frame: it bisects the L4 and L5 motions (average position,
/// half the summed rotation vectors).
struct MidMotion
{
  RigidMotion m4, m5;
  Vec3 axis{1, 0, 0};
  double angle = 0;

  MidMotion(const solver::RigidBodyFit &l4, const solver::RigidBodyFit &l5)
    : m4(rigid_motion_of(l4)), m5(rigid_motion_of(l5))
  {
    Vec3 rv;
    for (int d = 0; d < 3; ++d)
      rv[d] = 0.5 * (l4.rotation_vector_deg[d] + l5.rotation_vector_deg[d]) * M_PI / 180;
    angle = meshes::norm(rv);
    if (angle > 0)
      axis = (1.0 / angle) * rv;
  }
  Vec3 apply(const Vec3 &x) const { return 0.5 * (m4.apply(x) + m5.apply(x)); }
  Vec3 rotate(const Vec3 &v) const { return meshes::rotate(v, axis, angle); }
};

meshes::CanalGauge deformed_gauge(const meshes::CanalGauge &g, const MidMotion &mid)
{
  meshes::CanalGauge out = g;
  out.mid_segment.origin = mid.apply(g.mid_segment.origin);
  for (auto &e : out.mid_segment.e)
    e = mid.rotate(e);
  out.seed = mid.apply(g.seed);
  for (auto &[level, seed] : out.level_seed)
    seed = mid.apply(seed);
  for (auto &b : out.sap_medial_border)
    b = mid.m5.apply(b);
  return out;
}

/// A canal-facing LF vertex at the neutral state: its intrusion then, and how far it follows
/// L4 rather than L5 (d5 / (d4 + d5), from its distances to the two attachments).
struct LfVertex
{
  double intrusion = 0, follows_l4 = 0.5;
};

/// Reference positions of the vertices of the given regions, from every rank.
std::vector<Vec3> region_vertices(const solver::StepContext &ctx, const std::set<dealii::types::material_id> &regions)
{
  std::set<unsigned int> seen;
  std::vector<double> local;
  for (const auto &cell : ctx.dof_handler.active_cell_iterators())
    if (cell->is_locally_owned() && regions.count(cell->material_id()))
      for (const unsigned int v : cell->vertex_indices())
        if (seen.insert(cell->vertex_index(v)).second)
          for (unsigned int d = 0; d < 3; ++d)
            local.push_back(cell->vertex(v)[d]);
  std::vector<Vec3> all;
  for (const auto &chunk : dealii::Utilities::MPI::all_gather(ctx.comm, local))
    for (std::size_t k = 0; k + 3 <= chunk.size(); k += 3)
      all.push_back({chunk[k], chunk[k + 1], chunk[k + 2]});
  return all;
}

/// The vertices of @p a that are also vertices of @p b (where a tissue is bonded to another).
std::vector<Vec3> shared_vertices(const solver::StepContext &ctx, const std::set<dealii::types::material_id> &a,
                                  const std::set<dealii::types::material_id> &b)
{
  const std::vector<Vec3> of_b = region_vertices(ctx, b);
  const std::set<Vec3> in_b(of_b.begin(), of_b.end());
  std::vector<Vec3> out;
  for (const auto &x : region_vertices(ctx, a))
    if (in_b.count(x))
      out.push_back(x);
  return out;
}

/// Distance from @p x to the nearest of @p points, measured across @p depth (its component
/// along that unit vector left out).
double distance_across(const Vec3 &x, const std::vector<Vec3> &points, const Vec3 &depth)
{
  double best = std::numeric_limits<double>::max();
  for (const auto &p : points)
  {
    const Vec3 d = x - p;
    best = std::min(best, meshes::dot(d, d) - std::pow(meshes::dot(d, depth), 2));
  }
  return std::sqrt(std::max(best, 0.));
}

/// Largest displacement of a canal-facing LF vertex towards the front of the canal, relative
/// to where its two attachments carry it: the L4 and L5 rigid motions blended by its distance
/// to each attachment (LF nodes shared with that vertebra's bone), measured across the LF's
/// depth, i.e. along its span: LF lying under the L4 lamina follows L4 although its canal
/// face is a whole LF thickness from the bone. An LF that stretches or slackens between its
/// moving attachments gives zero; only bulging counts (a reference bisecting the two motions counted the part carried
/// forward by L4 in flexion as infolding). Only the LF of the measured canal counts: medial to
/// the superior articular processes' medial borders, where the canal area closes laterally
/// (lateral to them the LF is sheared between the L4 arch and the L5 process in flexion).
/// Whether boundary face @p f of @p cell faces forward, into the canal (its outward normal in
/// the reference configuration within 60° of anterior): the canal-wall tag covers every LF
/// face in the canal's prism, also its dorsal face in the interlaminar window, which moves
/// forward when the stretched LF thins in flexion, and the faces between the two halves.
template <typename Cell>
bool faces_the_canal(const Cell &cell, const unsigned int f, const Vec3 &posterior)
{
  const dealii::Tensor<1, 3> n = solver::outward_reference_normal(cell, f);
  return -(n[0] * posterior[0] + n[1] * posterior[1] + n[2] * posterior[2]) > 0.5;
}

struct Infolding
{
  double mm = 0;
  std::array<double, 3> at{{0, 0, 0}}; ///< mid-segment frame coordinates of the worst vertex
};

Infolding lf_infolding(const solver::StepContext &ctx, const std::set<dealii::types::material_id> &lf,
                    const std::set<dealii::types::material_id> &l4, const std::set<dealii::types::material_id> &l5,
                    const MidMotion &mid, const meshes::CanalGauge &gauge, std::map<unsigned int, LfVertex> &neutral)
{
  const meshes::Frame &frame = gauge.mid_segment;
  const auto lateral = [&](const Vec3 &x) { return meshes::dot(x - frame.origin, frame.e[0]); };
  const double medial_lo = std::min(lateral(gauge.sap_medial_border[0]), lateral(gauge.sap_medial_border[1]));
  const double medial_hi = std::max(lateral(gauge.sap_medial_border[0]), lateral(gauge.sap_medial_border[1]));
  const Vec3 &posterior = frame.e[1];
  // The neutral (load 0) call records each vertex; later calls measure from it.
  const bool record = ctx.load_factor == 0.;
  std::vector<Vec3> l4_attachment, l5_attachment;
  if (record)
  {
    l4_attachment = shared_vertices(ctx, lf, l4);
    l5_attachment = shared_vertices(ctx, lf, l5);
  }
  const Vec3 front = -1.0 * mid.rotate(posterior);
  const auto &fe = ctx.fe;
  const auto &unit = fe.get_unit_support_points();
  std::vector<dealii::types::global_dof_index> dofs(fe.n_dofs_per_cell());
  Infolding worst;
  for (const auto &cell : ctx.dof_handler.active_cell_iterators())
    if (cell->is_locally_owned() && lf.count(cell->material_id()))
    {
      cell->get_dof_indices(dofs);
      for (const unsigned int f : cell->face_indices())
        if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == meshes::canal_wall &&
            faces_the_canal(cell, f, posterior))
          for (const unsigned int cv : cell->vertex_indices())
          {
            bool on_face = false;
            for (unsigned int v = 0; v < cell->face(f)->n_vertices(); ++v)
              on_face = on_face || cell->face(f)->vertex_index(v) == cell->vertex_index(cv);
            if (!on_face)
              continue;
            const auto x = cell->vertex(cv);
            const auto ref = cell->reference_cell().template vertex<3>(cv);
            Vec3 u{0, 0, 0};
            for (unsigned int i = 0; i < fe.n_dofs_per_cell(); ++i)
              if ((unit[i] - ref).norm() < 1e-12)
                u[fe.system_to_component_index(i).first] = ctx.solution[dofs[i]];
            const Vec3 X{x[0], x[1], x[2]};
            if (lateral(X) <= medial_lo || lateral(X) >= medial_hi)
              continue;
            const unsigned int id = cell->vertex_index(cv);
            if (record)
            {
              const double d4 = distance_across(X, l4_attachment, posterior);
              const double d5 = distance_across(X, l5_attachment, posterior);
              neutral[id].follows_l4 = d4 + d5 > 0 ? d5 / (d4 + d5) : 0.5;
            }
            const double w4 = neutral.count(id) ? neutral[id].follows_l4 : 0.5;
            const Vec3 carried = w4 * mid.m4.apply(X) + (1 - w4) * mid.m5.apply(X);
            const double intrusion = meshes::dot(X + u - carried, front);
            if (record)
              neutral[id].intrusion = intrusion;
            else if (const double i = intrusion - (neutral.count(id) ? neutral[id].intrusion : 0.); i > worst.mm)
              worst = {i, {{lateral(X), meshes::dot(X - frame.origin, frame.e[1]), meshes::dot(X - frame.origin, frame.e[2])}}};
          }
    }
  // The largest over the ranks, with its place (ties: the lowest rank).
  const auto all = dealii::Utilities::MPI::all_gather(ctx.comm, std::array<double, 4>{{worst.mm, worst.at[0], worst.at[1], worst.at[2]}});
  const auto best = std::max_element(all.begin(), all.end(), [](const auto &a, const auto &b) { return a[0] < b[0]; });
  return {(*best)[0], {{(*best)[1], (*best)[2], (*best)[3]}}};
}

/// The outline with consecutive points at least `spacing` apart (the lattice outline has a
/// point per 0.02 mm pixel; a picture needs far fewer). Each polyline stays closed.
std::vector<std::vector<geometry::Point2>> thinned(const std::vector<std::vector<geometry::Point2>> &outline,
                                                   double spacing)
{
  std::vector<std::vector<geometry::Point2>> out;
  for (const auto &line : outline)
  {
    if (line.empty())
      continue;
    std::vector<geometry::Point2> kept{line.front()};
    for (const auto &p : line)
      if (std::hypot(p[0] - kept.back()[0], p[1] - kept.back()[1]) >= spacing)
        kept.push_back(p);
    if (kept.back() != line.back())
      kept.push_back(line.back());
    if (kept.size() >= 4)
      out.push_back(std::move(kept));
  }
  return out;
}
} // namespace

solver::Postprocessor make_segment_metrics(const std::set<dealii::types::material_id> &l4_regions,
                                           const std::set<dealii::types::material_id> &l5_regions,
                                           const std::set<dealii::types::material_id> &lf_regions,
                                           const meshes::CanalGauge &gauge, double peak_moment_Nm,
                                           std::vector<LevelResult> &results)
{
  auto neutral_lf = std::make_shared<std::map<unsigned int, LfVertex>>();
  auto neutral_motion = std::make_shared<std::pair<double, double>>(0., 0.);
  auto neutral_fits = std::make_shared<std::pair<RigidMotion, RigidMotion>>(); // L4, L5 at load 0
  return [=, &results](const solver::StepContext &ctx) {
    const auto l4 = solver::fit_rigid_body_motion(ctx, l4_regions);
    const auto l5 = solver::fit_rigid_body_motion(ctx, l5_regions);
    LevelResult r;
    r.load_factor = ctx.load_factor;
    r.moment_Nm = ctx.load_factor * peak_moment_Nm;
    r.rotation_deg = l4.rotation_vector_deg[0] - l5.rotation_vector_deg[0];
    r.translation_mm = l4.translation[1] - l5.translation[1];
    // After a pre-stressed neutral state (load 0), motion is measured from it.
    if (ctx.load_factor == 0.)
    {
      *neutral_motion = {r.rotation_deg, r.translation_mm};
      *neutral_fits = {rigid_motion_of(l4), rigid_motion_of(l5)};
    }
    r.centre_of_rotation = sagittal_centre_of_rotation(neutral_fits->first, neutral_fits->second, rigid_motion_of(l4),
                                                       rigid_motion_of(l5), gauge.mid_segment);
    r.rotation_deg -= neutral_motion->first;
    r.translation_mm -= neutral_motion->second;
    r.fit_rms_mm = l4.rms_residual;
    const MidMotion mid(l4, l5);
    const Infolding infolding = lf_infolding(ctx, lf_regions, l4_regions, l5_regions, mid, gauge, *neutral_lf);
    r.lf_infolding_mm = infolding.mm;
    r.lf_infolding_at_mm = infolding.at;

    const auto tris = solver::gather_deformed_boundary_triangles(ctx);
    if (dealii::Utilities::MPI::this_mpi_process(ctx.comm) == 0)
    {
      std::vector<geometry::Triangle3> boundary(tris.triangles.begin(), tris.triangles.end());
      for (const auto &m : meshes::measure_canal(boundary, deformed_gauge(gauge, mid)))
      {
        r.canal_area_mm2[m.level] = m.section.closed ? m.section.area : std::numeric_limits<double>::quiet_NaN();
        if (m.level == "mid-disc" && (ctx.load_factor == 0. || ctx.load_factor == 1.))
          r.mid_disc_outline = thinned(m.section.outline, 0.1);
      }
    }
    ctx.statistics.add_value("rotation_L4_L5", r.rotation_deg, "deg");
    ctx.statistics.add_value("translation_L4_L5", r.translation_mm, "mm");
    ctx.statistics.add_value("lf_infolding", r.lf_infolding_mm, "mm");
    if (r.canal_area_mm2.count("mid-disc"))
      ctx.statistics.add_value("canal_area_mid_disc", r.canal_area_mm2.at("mid-disc"), "mm2");
    results.push_back(r);
  };
}
} // namespace spine::study
