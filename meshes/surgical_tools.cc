#include "meshes/surgical_tools.h"

#include "meshes/anatomy_builder.h"

#include <algorithm>

namespace spine::meshes
{
bool OrientedBox::contains(const Vec3 &p) const
{
  const Vec3 q = frame.to_local(p);
  for (int i = 0; i < 3; ++i)
    if (q[i] < lo[i] || q[i] > hi[i])
      return false;
  return std::all_of(within.begin(), within.end(), [&p](const OrientedBox &b) { return b.contains(p); });
}

bool SurgicalTool::contains(const Vec3 &p) const
{
  for (const auto &b : spared)
    if (b.contains(p))
      return false;
  for (const auto &b : boxes)
    if (b.contains(p))
      return true;
  return false;
}

std::string operated_tool_name(const SurgeryPlan &plan)
{
  switch (plan.procedure)
  {
    case Procedure::mild: return SurgeryPlan::mild_tool_name(plan.laminotomy_depth);
    case Procedure::laminectomy: return "laminectomy";
    case Procedure::facetectomy: return "facetectomy";
    case Procedure::posterior_arch_removal: return "posterior_arch";
    default: return "";
  }
}

std::string operated_mesh_case(const SurgeryPlan &plan)
{
  if (plan.procedure == Procedure::ligament_removal)
    return "intact";
  return operated_tool_name(plan);
}

namespace
{
/// MILD through the interlaminar window on one side, in the L4 lamina frame:
/// a laminotomy of the inferior (and ventral) lamina up to `depth` and an LF debulking that
/// leaves the ventral LF layer in place.
void add_mild_boxes(const AnatomyLayout &L, const SurgeryPlan &plan, int side, double depth,
                    std::vector<OrientedBox> &boxes)
{
  const LaminaLayout &l4l = L.l4.lamina[AnatomyLayout::side_index(side)];
  // The working channel stays 2 mm medial to the facet joint (MILD spares the facets).
  const Vec3 border = L.facets[AnatomyLayout::side_index(side)].sap_medial_border;
  const double a_facet = l4l.frame.to_local(border)[0] - 2;
  const double a0 = plan.working_position - plan.working_width / 2;
  const double a1 = std::min(plan.working_position + plan.working_width / 2, a_facet);
  const double t_lam = L.p.l4.lamina_thickness;
  // Cut face tilted by the approach angle about the lamina axis, hinged at the inferior edge.
  Frame f = l4l.frame;
  f.origin = l4l.frame.to_global({0, 0, l4l.c_bottom});
  f = f.rotated_about_own_axis(0, deg2rad(plan.approach_angle_deg));
  if (depth > 0)
    boxes.push_back({f, {a0, 0, -3}, {a1, t_lam + 2, depth}, {}});
  const FlavumLayout &fl = L.flavum[AnatomyLayout::side_index(side)];
  const Vec3 top = l4l.frame.to_global({0, 0, l4l.c_bottom + depth});
  // Both frames share the lamina axis e0, but not the origin: shift so that the channel's
  // medial and lateral walls are the same planes in the LF as in the lamina (parallel walls a
  // few tenths of a millimetre apart left strips of slivers between the two).
  const double shift = dot(l4l.frame.origin - fl.frame.origin, fl.frame.e[0]);
  // The debulking reaches 0.5 mm dorsally into the lamina and ends cranially at the
  // laminotomy's own cut plane: its box runs 10 mm higher and is clipped there. A top face of
  // its own (in the LF frame, tilted against the lamina's) crossed the cut plane on the
  // lamina's ventral face and left thin wedges in the bone, filled with slivers.
  const OrientedBox below_cut{f, {-200, -200, -200}, {200, 200, depth}, {}};
  boxes.push_back({fl.frame, {a0 + shift, -plan.lf_debulking_depth, 0.5},
                   {a1 + shift, 0.5, fl.frame.to_local(top)[2] + 10}, {below_cut}});
}
/// Half width of a laminectomy: 1 mm medial to the medial-most point of either facet
/// cartilage (the L4 inferior cartilage reaches a few tenths of a millimetre medial to the L5
/// superior facet's border; a tool wall that close cut a sliver of cartilage off the joint).
double laminectomy_half_width(const AnatomyLayout &L)
{
  const auto &f = L.p.facets;
  double x = std::abs(L.facets[0].sap_medial_border[0]);
  for (const FacetLayout &joint : L.facets)
    for (double e0 : {f.l4_inferior_width / 2, f.l5_superior_width / 2})
      for (double e2 : {f.gap / 2, f.gap / 2 + f.cartilage_thickness})
        for (double s0 : {-1.0, 1.0})
          for (double s2 : {-1.0, 1.0})
            x = std::min(x, std::abs(joint.joint.to_global({s0 * e0, 0, s2 * e2})[0]));
  return x - 1;
}
} // namespace

std::vector<SurgicalTool> make_surgical_tools(const AnatomyLayout &L, const SurgeryPlan &plan)
{
  std::vector<SurgicalTool> tools;
  switch (plan.procedure)
  {
    case Procedure::mild:
      for (double depth : plan.imprinted_depths)
      {
        SurgicalTool t{SurgeryPlan::mild_tool_name(depth),
                       "MILD laminotomy depth " + std::to_string(depth) + " mm with LF debulking",
                       {}};
        for (int side : plan.sides)
        {
          add_mild_boxes(L, plan, side, depth, t.boxes);
          // MILD works medial to the facet joint and leaves it intact.
          const JointBox env = facet_joint_envelope(L, side);
          t.spared.push_back({L.facets[AnatomyLayout::side_index(side)].joint, env.lo, env.hi});
        }
        tools.push_back(t);
      }
      break;
    case Procedure::laminectomy:
    {
      // L4 lamina, spinous process and LF between the facet joints (1 mm medial to them).
      const double x = laminectomy_half_width(L);
      const Frame &b = L.l4.body;
      const double y0 = L.p.l4.body_depth / 2 + 0.5 * L.p.l4.canal_depth;
      const double z_low = L.l5.body.to_global({0, 0, L.l5.pedicle_top})[2] + 0.5;
      tools.push_back({"laminectomy", "full L4 laminectomy with LF removal",
                       {{Frame{}, {-x, L.l4.body.to_global({0, y0, 0})[1], z_low},
                         {x, 200, b.to_global({0, 0, L.l4.pedicle_top})[2]}}}});
      break;
    }
    case Procedure::facetectomy:
    {
      SurgicalTool t{"facetectomy", "medial facetectomy, fraction " + std::to_string(plan.facet_fraction), {}};
      for (int side : plan.sides)
      {
        const JointBox env = facet_joint_envelope(L, side);
        const double u1 = env.lo[0] + plan.facet_fraction * (env.hi[0] - env.lo[0]);
        t.boxes.push_back({L.facets[AnatomyLayout::side_index(side)].joint,
                           {env.lo[0] - 5, env.lo[1] - 1, env.lo[2] - 1}, {u1, env.hi[1] + 1, env.hi[2] + 1}});
      }
      tools.push_back(t);
      break;
    }
    case Procedure::posterior_arch_removal:
    {
      const double y = std::max(L.p.l4.body_depth, L.p.l5.body_depth) / 2 + L.p.disc.posterior_bulge + 0.5;
      tools.push_back({"posterior_arch", "removal of the whole posterior arch (disc alone)",
                       {{Frame{}, {-200, y, -200}, {200, 200, 200}}}});
      break;
    }
    default: break;
  }
  return tools;
}
} // namespace spine::meshes
