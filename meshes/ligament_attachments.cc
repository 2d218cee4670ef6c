#include "meshes/ligament_attachments.h"

#include <cmath>

namespace spine::meshes
{
namespace
{
/// Point on a vertebral body's elliptic rim at lateral offset x, anterior (-1) or posterior
/// (+1) wall, `dz` from the endplate next to the disc.
Vec3 rim_point(const VertebraParameters &v, const Frame &body, double x, int wall, bool superior, double dz)
{
  // D-shaped footprint (occ_shapes.h): elliptic front, flat posterior wall.
  const double a = v.body_width / 2, b = 0.6 * v.body_depth, yc = -v.body_depth / 2 + b;
  const double y = wall > 0 ? v.body_depth / 2 - 0.5
                            : yc - b * std::sqrt(std::max(0.0, 1 - (x / a) * (x / a))) + 0.5;
  const double z = superior ? v.body_height / 2 - dz : -v.body_height / 2 + dz;
  return body.to_global({x, y, z});
}
} // namespace

std::vector<LigamentFibre> ligament_fibres(const AnatomyLayout &L)
{
  const auto &p = L.p;
  std::vector<LigamentFibre> f;
  auto add = [&](const std::string &lig, const std::string &name, const Vec3 &a, const Vec3 &b) {
    f.push_back({lig, lig + "-" + name, a, b});
  };
  for (int i = -1; i <= 1; ++i)
  {
    add("ALL", std::to_string(i + 2), rim_point(p.l4, L.l4.body, 8.0 * i, -1, false, 3),
        rim_point(p.l5, L.l5.body, 8.0 * i, -1, true, 3));
    add("PLL", std::to_string(i + 2), rim_point(p.l4, L.l4.body, 4.0 * i, +1, false, 3),
        rim_point(p.l5, L.l5.body, 4.0 * i, +1, true, 3));
  }
  // Interspinous (along the processes) and supraspinous (at the tips).
  auto spinous = [&](const VertebraParameters &v, const VertebraLayout &vl, double frac, bool superior) {
    const double y0 = v.body_depth / 2 + v.canal_depth + v.lamina_thickness;
    const double z = vl.pedicle_top - v.lamina_height / 2 + (superior ? 1 : -1) * (v.spinous_height / 2 - 1);
    return vl.body.to_global({0, y0 + frac * v.spinous_length, z});
  };
  for (int i = 0; i < 3; ++i)
  {
    const double frac = 0.25 + 0.25 * i;
    add("ISL", std::to_string(i + 1), spinous(p.l4, L.l4, frac, false), spinous(p.l5, L.l5, frac, true));
  }
  add("SSL", "1", spinous(p.l4, L.l4, 0.97, false), spinous(p.l5, L.l5, 0.97, true));
  // Intertransverse: tips of the transverse processes.
  for (int side : {1, -1})
  {
    auto tip = [&](const VertebraParameters &v, const VertebraLayout &vl, bool superior) {
      const double x = side * (v.canal_width / 2 + v.pedicle_width + v.transverse_length - 2);
      const double z = vl.pedicle_centre_z + (superior ? 1 : -1) * (v.transverse_height / 2 - 1);
      return vl.body.to_global({x, v.body_depth / 2 + v.pedicle_length, z});
    };
    const std::string s = side > 0 ? "left" : "right";
    add("ITL", s, tip(p.l4, L.l4, false), tip(p.l5, L.l5, true));
  }
  // Capsular: across the joint at its rim, from the IAP's back to the SAP's back.
  const auto &fp = p.facets;
  for (const auto &fl : L.facets)
  {
    const std::string s = fl.side > 0 ? "left" : "right";
    const double w_iap = fp.gap / 2 + fp.cartilage_thickness + 1;
    const double w_sap = -w_iap;
    const double u4 = fp.l4_inferior_width / 2 - 1, v4 = fp.l4_inferior_height / 2 - 1;
    const double u5 = fp.l5_superior_width / 2 - 1, v5 = fp.l5_superior_height / 2 - 1;
    int k = 1;
    for (int su : {-1, 1})
      for (int sv : {-1, 1})
        add("CL", s + "-" + std::to_string(k++), fl.joint.to_global({su * u4, sv * v4, w_iap}),
            fl.joint.to_global({su * u5, sv * v5, w_sap}));
  }
  return f;
}
} // namespace spine::meshes
