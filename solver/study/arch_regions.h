// Where the study reports bone stress after a laminotomy: the L4 lamina and its pars
// interarticularis, told apart by a cell's reference centroid in the lamina frame.
#pragma once
#include "meshes/anatomy_layout.h"

namespace spine::study
{
enum ArchRegion : unsigned int
{
  outside_arch = 0,
  lamina = 1, ///< the lamina plate medial of the pars (the bone a laminotomy thins)
  pars = 2    ///< its lateral end, where it joins the pedicle and the articular processes
};

/// Lateral length of the lamina counted as pars (mm): the model has no separate pars solid,
/// so the last part of the lamina plate before the pedicle junction stands in for it.
constexpr double pars_length_mm = 5.0;

/// Region of a point of the L4 posterior elements (reference coordinates); points outside
/// both lamina plates (pedicles, processes, spinous process) are outside_arch.
ArchRegion l4_arch_region(const meshes::AnatomyLayout &layout, const meshes::Vec3 &x);

const char *arch_region_name(unsigned int region);
} // namespace spine::study
