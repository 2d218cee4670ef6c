#include "meshes/anatomy_builder.h"

#include "meshes/occ_shapes.h"

#include <gmsh.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace spine::meshes
{
namespace
{
// Priorities: a higher number wins in overlaps.
constexpr int prio_lf = 1, prio_posterior = 5, prio_cartilage = 6, prio_disc = 8,
              prio_cortical = 10, prio_inner_body = 20;

void add_body(const VertebraParameters &v, const Frame &body, int level,
              std::vector<TissueSolid> &solids)
{
  const int base = level == 4 ? 10 : 20;
  const double h = v.body_height, te = v.endplate_thickness, tc = v.cortical_thickness;
  const double w = v.body_width, d = v.body_depth;
  solids.push_back({base + 1, prio_cortical, {add_d_cylinder(body, 0, w, d, -h / 2, h)}});
  solids.push_back({base + 2, prio_inner_body,
                    {add_d_cylinder(body, 0, w - 2 * tc, d - 2 * tc, -h / 2 + te, h - 2 * te)}});
  solids.push_back({base + 3, prio_inner_body,
                    {add_d_cylinder(body, 0, w - 2 * tc, d - 2 * tc, h / 2 - te, te),
                     add_d_cylinder(body, 0, w - 2 * tc, d - 2 * tc, -h / 2, te)}});
}

/// A disc lamella's flat posterior wall (global y) moved anteriorly, if needed, until it lies
/// at least `clearance` from the posterior walls of both bodies' cortical shells where they meet
/// the disc (L4's tilted by the wedge angle). Walls a few hundredths of a millimetre apart leave
/// a strip that narrow on the endplates, and the mesher fills it with slivers.
double posterior_wall_clear_of_bodies(const AnatomyLayout &L, double wall, double clearance = 0.5)
{
  const double cos_wedge = std::cos(L.p.disc.wedge_angle());
  const double body_walls[] = {L.p.l5.body_depth / 2, L.p.l5.body_depth / 2 - L.p.l5.cortical_thickness,
                               cos_wedge * L.p.l4.body_depth / 2,
                               cos_wedge * (L.p.l4.body_depth / 2 - L.p.l4.cortical_thickness)};
  for (bool moved = true; moved;)
  {
    moved = false;
    for (double b : body_walls)
      if (std::abs(wall - b) < clearance - 1e-12)
      {
        wall = b - clearance;
        moved = true;
      }
  }
  return wall;
}

/// Pedicles, laminae, spinous and transverse processes of one vertebra; with @p grow > 0
/// each box grown by that much on every side (the space within `grow` of the arch).
std::vector<int> add_posterior_elements(const VertebraParameters &v, const VertebraLayout &vl,
                                        double grow = 0)
{
  const auto add_box = [grow](const Frame &frame, const Vec3 &lo, const Vec3 &hi) {
    return spine::meshes::add_box(frame, lo - Vec3{grow, grow, grow}, hi + Vec3{grow, grow, grow});
  };
  std::vector<int> vols;
  const double yb = v.body_depth / 2;
  const double zt = vl.pedicle_top, zc = vl.pedicle_centre_z;
  for (int side : {1, -1})
  {
    const double x_in = v.canal_width / 2, x_out = x_in + v.pedicle_width;
    const double x0 = side > 0 ? x_in : -x_out, x1 = side > 0 ? x_out : -x_in;
    vols.push_back(add_box(vl.body, {x0, yb - 4, zt - v.pedicle_height},
                           {x1, yb + v.pedicle_length + v.lamina_thickness / 2, zt}));
    const LaminaLayout &l = vl.lamina[side > 0 ? 0 : 1];
    // Each lamina runs 2 mm past the midline and is then cut at the sagittal plane: the two
    // mirror-image laminae meet there face to face. Overlapping instead, their end faces
    // poked out of each other's surfaces in facets with edges of a few hundredths of a mm.
    const int lamina = add_box(l.frame, {-2, 0, l.c_bottom},
                               {l.length + v.pedicle_width / 4, v.lamina_thickness, l.c_top});
    const int half = spine::meshes::add_box(vl.body, {side > 0 ? -grow : -200.0, -200, -200},
                                            {side > 0 ? 200.0 : grow, 200, 200});
    for (int piece : intersect_volume(lamina, half))
      vols.push_back(piece);
    const double x_tp0 = v.canal_width / 2 + v.pedicle_width / 2;
    const double x_tp1 = v.canal_width / 2 + v.pedicle_width + v.transverse_length;
    vols.push_back(add_box(vl.body,
                           {side > 0 ? x_tp0 : -x_tp1, yb + v.pedicle_length - v.transverse_thickness / 2,
                            zc - v.transverse_height / 2},
                           {side > 0 ? x_tp1 : -x_tp0, yb + v.pedicle_length + v.transverse_thickness / 2,
                            zc + v.transverse_height / 2}));
  }
  const double y_sp = yb + v.canal_depth + v.lamina_thickness / 2;
  const double z_sp = zt - v.lamina_height / 2;
  vols.push_back(add_box(vl.body, {-v.spinous_thickness / 2, y_sp, z_sp - v.spinous_height / 2},
                         {v.spinous_thickness / 2, y_sp + v.lamina_thickness / 2 + v.spinous_length,
                          z_sp + v.spinous_height / 2}));
  return vols;
}

/// Extent (joint-frame e1) of the articular processes: down to the L5 pedicle, up to the
/// L4 lamina, so each process is fused with its own vertebra.
void process_extents(const AnatomyLayout &L, int side, double &sap_bottom, double &iap_top)
{
  const FacetLayout &f = L.facets[AnatomyLayout::side_index(side)];
  sap_bottom = L.l5.body.to_global({0, 0, L.l5.pedicle_centre_z})[2] - f.joint.origin[2];
  const LaminaLayout &l4l = L.l4.lamina[AnatomyLayout::side_index(side)];
  iap_top = l4l.frame.to_global({l4l.length, 0, l4l.c_bottom})[2] + 5 - f.joint.origin[2];
}

/// One solid per tissue: its primitives fused, so that no internal faces remain between them.
/// Fragmenting overlapping primitives of one tissue left faces and edges 0.01-0.3 mm wide
/// inside the tissue, which the mesher had to respect: slivers, and twice the tetrahedra in the
/// posterior elements. Overlaps between tissues are still resolved by priority when the model
/// is fragmented.
std::vector<TissueSolid> fuse_by_tissue(const std::vector<TissueSolid> &solids)
{
  std::vector<TissueSolid> fused;
  std::map<int, std::size_t> index;
  for (const auto &s : solids)
  {
    auto [it, inserted] = index.try_emplace(s.tissue, fused.size());
    if (inserted)
      fused.push_back({s.tissue, s.priority, {}});
    TissueSolid &f = fused[it->second];
    f.priority = std::max(f.priority, s.priority);
    f.volumes.insert(f.volumes.end(), s.volumes.begin(), s.volumes.end());
  }
  for (auto &f : fused)
    f.volumes = fuse_volumes(f.volumes);
  return fused;
}

/// Removes the arch's bone from the LF, where the bone would win the overlap anyway. Left to
/// the fragment step, the LF's attachment slabs inside the laminae and the articular process
/// become bone pieces whose faces stay inside the arch as mesh constraints (rows of flat
/// tetrahedra along the laminae). The bone is kept.
void cut_lf_out_of_bone(const std::vector<int> &bone, std::vector<int> (&lf)[2])
{
  for (auto &side : lf)
    side = cut_volumes(fuse_volumes(side), bone);
}

/// Cuts from each side's LF the space that lies in both @p near4 and @p near5 (the arches
/// grown by the clearance) and is not @p bone. The near volumes are consumed, bone is kept.
void remove_lf_near_both_arches(const std::vector<int> &near4, const std::vector<int> &near5,
                                const std::vector<int> &bone, std::vector<int> (&lf)[2])
{
  // Each grown arch fused first, so the intersection does not also intersect every box of
  // one arch with its neighbours.
  const std::vector<int> pads =
    cut_volumes(intersect_volumes(fuse_volumes(near4), fuse_volumes(near5)), bone);
  if (pads.empty())
    return;
  for (auto &side : lf)
    side = cut_volumes(side, pads);
  remove_volumes(pads);
}
} // namespace

JointBox facet_joint_envelope(const AnatomyLayout &L, int side)
{
  const auto &f = L.p.facets;
  double sap_bottom, iap_top;
  process_extents(L, side, sap_bottom, iap_top);
  const double half_w = std::max(f.l4_inferior_width, f.l5_superior_width) / 2;
  const double reach = f.gap / 2 + f.cartilage_thickness + f.process_thickness;
  return {{-half_w, sap_bottom, -reach}, {half_w, iap_top, reach}};
}

std::vector<TissueSolid> build_anatomy(const AnatomyLayout &L)
{
  const AnatomyParameters &p = L.p;
  std::vector<TissueSolid> solids;
  add_body(p.l4, L.l4.body, 4, solids);
  add_body(p.l5, L.l5.body, 5, solids);

  // Disc: elliptic lamellae from the L5 superior endplate up to the L4 inferior plane.
  const auto &d = p.disc;
  const double top = d.anterior_height + 5;
  // Everything above the L4 inferior plane, raised by `lift`.
  auto l4_halfspace = [&](double lift = 0) {
    return add_box(L.l4.body, {-200, -200, -p.l4.body_height / 2 + lift}, {200, 200, 200});
  };
  const Frame global;
  {
    for (unsigned int i = 0; i <= d.n_lamellae; ++i)
    {
      const bool is_nucleus = (i == d.n_lamellae);
      const double scale = is_nucleus ? d.nucleus_fraction
                                      : 1.0 - i * (1.0 - d.nucleus_fraction) / d.n_lamellae;
      // Inner lamellae: concentric about the footprint centre, posterior wall kept clear of
      // the bodies' cortical walls (i = 0 is the disc's own wall, a parameter).
      const double a = L.disc_centre_y - scale * d.depth / 2;
      const double wall = L.disc_centre_y + scale * d.depth / 2;
      const double depth_i = (i == 0 ? wall : posterior_wall_clear_of_bodies(L, wall)) - a;
      const int cyl = add_d_cylinder(global, a + depth_i / 2, scale * d.width, depth_i, 0, top);
      solids.push_back({is_nucleus ? int(nucleus) : int(annulus_first_lamella + i),
                        prio_disc + static_cast<int>(i), cut_volume(cyl, l4_halfspace())});
    }
  }

  // Posterior elements, kept out of the opposing articular process of the other vertebra.
  std::vector<int> l4_post = add_posterior_elements(p.l4, L.l4);
  std::vector<int> l5_post = add_posterior_elements(p.l5, L.l5);
  const auto &f = p.facets;
  const auto &fp = p.facets;
  const double g = f.gap, tc = f.cartilage_thickness, tp = f.process_thickness;
  // LF clearance m: the same arches grown by m (space within m of each arch's bone), built
  // and cleared like the bone; LF within m of both arches is removed after the loop.
  const double m = f.lf_clearance;
  std::vector<int> l4_near, l5_near, l4_processes, l5_processes;
  if (m > 0)
  {
    l4_near = add_posterior_elements(p.l4, L.l4, m);
    l5_near = add_posterior_elements(p.l5, L.l5, m);
  }
  std::vector<int> lf[2];
  for (int side : {1, -1})
  {
    const int s = AnatomyLayout::side_index(side);
    const Frame &J = L.facets[s].joint;
    double sap_bottom, iap_top;
    process_extents(L, side, sap_bottom, iap_top);
    const double w5 = f.l5_superior_width / 2, h5 = f.l5_superior_height / 2;
    const double w4 = f.l4_inferior_width / 2, h4 = f.l4_inferior_height / 2;
    auto clear = [&](std::vector<int> &vols, const Vec3 &lo, const Vec3 &hi) {
      std::vector<int> kept;
      for (int v : vols)
        for (int piece : cut_volume(v, add_box(J, lo, hi)))
          kept.push_back(piece);
      vols = kept;
    };
    const Vec3 sap_lo{-w5, sap_bottom, -(g / 2 + tc + tp)}, sap_hi{w5, h5, -(g / 2 + tc)};
    const Vec3 iap_lo{-w4, -h4, g / 2 + tc}, iap_hi{w4, iap_top, g / 2 + tc + tp};
    // Each arch is cleared from the other's process; its grown copy from that space shrunk
    // by m (bone beside the cleared space is still within m of part of it).
    // Both clearings and the LF's cut below end at the same width along the joint line
    // (1 mm beyond the wider facet): planes a few hundredths of a millimetre apart there left
    // strips that narrow between the LF and the L5 arch.
    const double clear_w = std::max(w4, w5) + 1;
    // The L5 arch's clearing starts 1 mm below the L4 facet, or level with the L5 facet's
    // lower edge where that lies within this margin: planes 0.1 mm apart (normal and stenotic
    // presets: -h4 - 1 against -h5) left a strip of slivers in the L5 arch.
    const double l5_clear_bottom = std::abs(h5 - (h4 + 1)) < 1 ? std::min(-h4 - 1, -h5) : -h4 - 1;
    const Vec3 l4_clear_lo{-clear_w, sap_bottom - 1, -(g / 2 + tc + tp) - 1}, l4_clear_hi{clear_w, h5 + 1, 0};
    const Vec3 l5_clear_lo{-clear_w, l5_clear_bottom, 0}, l5_clear_hi{clear_w, iap_top + 1, g / 2 + tc + tp + 1};
    const Vec3 shrink{m, m, m};
    clear(l4_post, l4_clear_lo, l4_clear_hi);
    clear(l5_post, l5_clear_lo, l5_clear_hi);
    if (m > 0)
    {
      clear(l4_near, l4_clear_lo + shrink, l4_clear_hi - shrink);
      clear(l5_near, l5_clear_lo + shrink, l5_clear_hi - shrink);
    }

    l5_processes.push_back(add_box(J, sap_lo, sap_hi));
    l4_processes.push_back(add_box(J, iap_lo, iap_hi));
    solids.push_back({l5_facet_cartilage, prio_cartilage,
                      {add_box(J, {-w5, -h5, -(g / 2 + tc)}, {w5, h5, -g / 2})}});
    solids.push_back({l4_facet_cartilage, prio_cartilage,
                      {add_box(J, {-w4, -h4, g / 2}, {w4, h4, g / 2 + tc})}});
    if (m > 0)
    {
      l5_near.push_back(add_box(J, sap_lo - shrink, sap_hi + shrink));
      l4_near.push_back(add_box(J, iap_lo - shrink, iap_hi + shrink));
    }

    // Ligamentum flavum: lines the ventral lower L4 lamina, spans the interlaminar window and
    // inserts on the superior edge of the L5 lamina; ends against the facet joint.
    const FlavumLayout &fl = L.flavum[s];
    const double t = p.lf.thickness;
    const double c_high = fl.window_height + p.lf.cranial_attachment;
    // Across the window the LF is exactly t thick (ventral face = canal wall, dorsal face free);
    // only over the L4 lamina does it reach 0.5 mm dorsally, into the bone (cut out of it
    // below), so that the attachment is bonded rather than a line contact.
    std::vector<int> pieces{add_box(fl.frame, {-5, -t, -2}, {fl.length, 0, c_high}),
                            add_box(fl.frame, {-5, 0, fl.window_height}, {fl.length, 0.5, c_high}),
                            add_box(fl.frame, {-5, -t, -2}, {fl.length, p.l5.lamina_thickness + 3, 2})};
    for (int piece : pieces)
    {
      const int half = add_box(Frame(), {side > 0 ? 0.0 : -200.0, -200, -200},
                               {side > 0 ? 200.0 : 0.0, 200, 200});
      for (int v : intersect_volume(piece, half))
      {
        // Keep the LF out of the SAP, the cartilage and the gap, but let it run into the
        // IAP (cut out of it below): the LF is bonded to the capsule side of the joint.
        const JointBox env = facet_joint_envelope(L, side);
        const Vec3 lo{-clear_w, env.lo[1], env.lo[2]};
        const Vec3 hi{clear_w, env.hi[1], fp.gap / 2 + fp.cartilage_thickness};
        for (int kept : cut_volume(v, add_box(J, lo, hi)))
          lf[s].push_back(kept);
      }
    }
  }
  // Optionally remove the LF that lies within the clearance of both arches: between the L4
  // inferior articular process (and the lamina's inferior edge) and the L5 lamina and
  // superior process it otherwise forms pads ~1 mm thick bonded to both, a stiff posterior
  // hinge. The bone itself is taken out of the tool: cutting the LF where bone wins anyway
  // only adds faces, and slivers, to the arch.
  // Each arch fused into one solid first: as separate, overlapping boxes the cuts below
  // would also intersect every box with every other (most of the model's build time).
  l4_post.insert(l4_post.end(), l4_processes.begin(), l4_processes.end());
  l5_post.insert(l5_post.end(), l5_processes.begin(), l5_processes.end());
  l4_post = fuse_volumes(l4_post);
  l5_post = fuse_volumes(l5_post);
  std::vector<int> arch_bone = l4_post;
  arch_bone.insert(arch_bone.end(), l5_post.begin(), l5_post.end());
  cut_lf_out_of_bone(arch_bone, lf);
  if (m > 0)
    remove_lf_near_both_arches(l4_near, l5_near, arch_bone, lf);
  solids.push_back({l4_posterior, prio_posterior, l4_post});
  solids.push_back({l5_posterior, prio_posterior, l5_post});
  solids.push_back({lf_left, prio_lf, lf[0]});
  solids.push_back({lf_right, prio_lf, lf[1]});

  // Keep the posterior elements, facet cartilage and LF a clearance away from the disc: the
  // foramen and the lateral recess lie between them, and where solids touch, the fragmented
  // mesh bonds them (an articular process glued to the posterolateral annulus is a strut
  // across the disc).
  std::vector<TissueSolid> fused = fuse_by_tissue(solids);
  if (d.posterior_clearance > 0)
  {
    // The disc grown by c on every side, also above and below (its posterior bulge has
    // faces over the pedicles' tops); one halo cut from each posterior tissue, then removed.
    const double c = d.posterior_clearance;
    const int halo = cut_volume(add_d_cylinder(global, L.disc_centre_y, d.width + 2 * c, d.depth + 2 * c, -c, top),
                                l4_halfspace(c)).at(0);
    for (auto &solid : fused)
      if (solid.tissue == l4_posterior || solid.tissue == l5_posterior || solid.tissue == lf_left ||
          solid.tissue == lf_right || solid.tissue == l4_facet_cartilage ||
          solid.tissue == l5_facet_cartilage)
        solid.volumes = cut_volumes(solid.volumes, {halo});
    remove_volumes({halo});
  }
  return fused;
}
} // namespace spine::meshes
