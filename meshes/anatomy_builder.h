// Builds the L4-L5 solids with Gmsh's OpenCASCADE kernel. Solids may overlap: where they do,
// the tissue of higher priority wins when the model is fragmented (see model_builder.h).
#pragma once
#include "meshes/anatomy_layout.h"

#include <vector>

namespace spine::meshes
{
struct TissueSolid
{
  int tissue;
  int priority;
  std::vector<int> volumes;
};

/// Adds the solids to the current Gmsh model (occ kernel, not yet synchronised): one entry per
/// tissue, its primitives fused (one or more disjoint volumes).
std::vector<TissueSolid> build_anatomy(const AnatomyLayout &layout);

/// The region each facet joint occupies (both articular processes, cartilage and gap) in
/// joint-frame coordinates; other solids are kept out of it so the gap stays open.
struct JointBox { Vec3 lo, hi; };
JointBox facet_joint_envelope(const AnatomyLayout &layout, int side);
} // namespace spine::meshes
