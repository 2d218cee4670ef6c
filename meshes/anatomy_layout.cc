#include "meshes/anatomy_layout.h"

#include <string>

namespace spine::meshes
{
std::string tissue_name(int t)
{
  switch (t)
  {
    case l4_cortical: return "L4 cortical bone";
    case l4_cancellous: return "L4 cancellous bone";
    case l4_endplate: return "L4 bony endplate";
    case l4_posterior: return "L4 posterior elements";
    case l4_facet_cartilage: return "L4 facet cartilage";
    case l5_cortical: return "L5 cortical bone";
    case l5_cancellous: return "L5 cancellous bone";
    case l5_endplate: return "L5 bony endplate";
    case l5_posterior: return "L5 posterior elements";
    case l5_facet_cartilage: return "L5 facet cartilage";
    case nucleus: return "nucleus pulposus";
    case lf_left: return "ligamentum flavum left";
    case lf_right: return "ligamentum flavum right";
    default:
      if (t > annulus_first_lamella - 1 && t < annulus_first_lamella + 9)
        return "annulus lamella " + std::to_string(t - annulus_first_lamella + 1);
  }
  return "unknown tissue " + std::to_string(t);
}

int tissue_level(int t)
{
  return (t >= 11 && t <= 15) ? 4 : (t >= 21 && t <= 25) ? 5 : 0;
}

namespace
{
/// Posterior-element placement of one vertebra in its body frame.
VertebraLayout make_vertebra(const VertebraParameters &v, const Frame &body)
{
  VertebraLayout out;
  out.body = body;
  out.pedicle_top = v.body_height / 2 - 1.0;
  out.pedicle_centre_z = out.pedicle_top - v.pedicle_height / 2;
  const double yb = v.body_depth / 2;
  const double gamma = deg2rad(v.lamina_inclination_deg);
  for (int side : {1, -1})
  {
    LaminaLayout &l = out.lamina[side > 0 ? 0 : 1];
    // Ventral lamina line: from the midline (canal depth behind the body) to the junction
    // with the pedicle (pedicle length behind the body, over the pedicle's centre).
    const Vec3 midline{0, yb + v.canal_depth, 0};
    const Vec3 junction{side * (v.canal_width / 2 + v.pedicle_width / 2), yb + v.pedicle_length, 0};
    const Vec3 along = normalized(junction - midline);
    Vec3 dorsal{-along[1], along[0], 0};
    if (dorsal[1] < 0)
      dorsal = -1.0 * dorsal;
    // Inclination: rotate about the lamina axis so that the inferior edge moves dorsally.
    Vec3 cranial{0, 0, 1};
    cranial = std::cos(gamma) * cranial - std::sin(gamma) * dorsal;
    dorsal = normalized(cross(cranial, along));
    if (dorsal[1] < 0)
      dorsal = -1.0 * dorsal;
    Frame local;
    local.origin = midline;
    local.e = {along, dorsal, cranial};
    l.frame.origin = body.to_global(local.origin);
    for (int i = 0; i < 3; ++i)
      l.frame.e[i] = body.to_global(local.e[i]) - body.origin;
    l.length = norm(junction - midline);
    l.c_top = out.pedicle_top;
    l.c_bottom = out.pedicle_top - v.lamina_height;
  }
  return out;
}
} // namespace

AnatomyLayout::AnatomyLayout(const AnatomyParameters &prm) : p(prm)
{
  const auto &d = p.disc;
  const double alpha = d.wedge_angle();
  // L5 body: superior endplate in the plane z = 0.
  Frame l5_body;
  l5_body.origin = {0, 0, -p.l5.body_height / 2};
  l5 = make_vertebra(p.l5, l5_body);

  // Disc footprint: posterior wall `bulge` behind the L5 posterior body wall.
  disc_centre_y = p.l5.body_depth / 2 - d.depth / 2 + d.posterior_bulge;
  const double y_posterior = disc_centre_y + d.depth / 2;
  // L4 inferior endplate plane: height `posterior_height` at the disc's posterior edge,
  // `anterior_height` at its anterior edge; L4 is extended (lordosis) by the wedge angle.
  const double z_at_axis = d.posterior_height + (d.anterior_height - d.posterior_height) * y_posterior / d.depth;
  Frame l4_body = Frame().rotated_about_own_axis(0, -alpha);
  l4_body.origin = Vec3{0, 0, z_at_axis} + (p.l4.body_height / 2) * l4_body.e[2];
  l4 = make_vertebra(p.l4, l4_body);

  mid_segment = Frame().rotated_about_own_axis(0, -alpha / 2);
  mid_segment.origin = {0, 0, z_at_axis / 2};

  const auto &f = p.facets;
  const double phi = deg2rad(f.angle_to_sagittal_deg);
  for (int side : {1, -1})
  {
    FacetLayout &fl = facets[side_index(side)];
    fl.side = side;
    const Vec3 junction = l5.body.to_global(
      {side * (p.l5.canal_width / 2 + p.l5.pedicle_width / 2), p.l5.body_depth / 2 + p.l5.pedicle_length, 0});
    fl.joint.origin = {junction[0] + side * f.lateral_shift, junction[1] + f.posterior_shift, f.centre_height};
    const Vec3 normal{-side * std::cos(phi), std::sin(phi), 0}; // SAP -> IAP (posteromedial)
    const Vec3 line{side * std::sin(phi), std::cos(phi), 0};    // posterolateral
    fl.joint.e = {line, Vec3{0, 0, 1}, normal};
    fl.sap_medial_border =
      fl.joint.to_global({-f.l5_superior_width / 2, 0, -f.gap / 2});

    const LaminaLayout &l4l = l4.lamina[side_index(side)];
    const LaminaLayout &l5l = l5.lamina[side_index(side)];
    const Vec3 p4 = l4l.frame.to_global({0, 0, l4l.c_bottom});
    const Vec3 p5 = l5l.frame.to_global({0, 0, l5l.c_top});
    FlavumLayout &lf = flavum[side_index(side)];
    const Vec3 along = l4l.frame.e[0];
    Vec3 up = p4 - p5;
    up = normalized(up - dot(up, along) * along);
    Vec3 dorsal = cross(up, along);
    if (dorsal[1] < 0)
      dorsal = -1.0 * dorsal;
    lf.frame.origin = p5;
    lf.frame.e = {along, dorsal, up};
    lf.window_height = dot(p4 - p5, up);
    lf.length = l4l.length;
  }
}

double AnatomyLayout::l4_pedicle_level() const
{
  return mid_segment.to_local(l4.body.to_global({0, 0, l4.pedicle_centre_z}))[2];
}

double AnatomyLayout::l5_pedicle_level() const
{
  return mid_segment.to_local(l5.body.to_global({0, 0, l5.pedicle_centre_z}))[2];
}
} // namespace spine::meshes
