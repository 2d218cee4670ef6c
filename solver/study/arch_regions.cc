#include "arch_regions.h"

namespace spine::study
{
ArchRegion l4_arch_region(const meshes::AnatomyLayout &layout, const meshes::Vec3 &x)
{
  const auto &v = layout.p.l4;
  for (const auto &l : layout.l4.lamina)
  {
    // The lamina plate as built: e0 from just across the midline to past the pedicle
    // junction, e1 through its thickness, e2 between its inferior and superior edges.
    const meshes::Vec3 q = l.frame.to_local(x);
    if (q[0] < -2 || q[0] > l.length + v.pedicle_width / 4 || q[1] < 0 || q[1] > v.lamina_thickness ||
        q[2] < l.c_bottom || q[2] > l.c_top)
      continue;
    return q[0] >= l.length - pars_length_mm ? pars : lamina;
  }
  return outside_arch;
}

const char *arch_region_name(unsigned int region)
{
  return region == lamina ? "lamina" : region == pars ? "pars" : "outside";
}
} // namespace spine::study
