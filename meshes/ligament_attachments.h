// Ligament attachment sites (several fibres per ligament) derived from the anatomy. Points
// lie on or just inside bone; the solver snaps each to the nearest node of its vertebra.
#pragma once
#include "meshes/anatomy_layout.h"

#include <string>
#include <vector>

namespace spine::meshes
{
struct LigamentFibre
{
  std::string ligament; ///< ALL, PLL, ISL, SSL, ITL, CL
  std::string name;     ///< e.g. "ALL-1", "CL-left-2"
  Vec3 l4_point, l5_point;
};

std::vector<LigamentFibre> ligament_fibres(const AnatomyLayout &layout);
} // namespace spine::meshes
