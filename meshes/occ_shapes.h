// Oriented OpenCASCADE primitives (through the Gmsh API) placed with a Frame.
#pragma once
#include "meshes/frame.h"

#include <vector>

namespace spine::meshes
{
/// Axis-aligned box [lo, hi] in `frame` coordinates (any handedness); returns the volume tag.
int add_box(const Frame &frame, const Vec3 &lo, const Vec3 &hi);
/// Elliptic cylinder in `frame`: centre (cx, cy), semi-axes rx along e0, ry along e1,
/// from z0 to z0 + height along e2. Returns the volume tag.
int add_elliptic_cylinder(const Frame &frame, double cx, double cy, double rx, double ry,
                          double z0, double height);
/// Vertebral-body / disc footprint: an ellipse flattened posteriorly (a "D", like the kidney-
/// shaped endplate's straight posterior wall). Anterior apex at cy - depth/2, flat wall at
/// cy + depth/2, widest (= width) near the middle; extruded from z0 to z0 + height along e2.
int add_d_cylinder(const Frame &frame, double cy, double width, double depth, double z0, double height);
/// Ellipse semi-depth of the D footprint as a fraction of its depth.
constexpr double d_shape_semi_depth = 0.6;

/// Removes from `object` everything inside `tool` (both volume tags); returns the surviving
/// volume tags (possibly several pieces, possibly none). The tool is deleted.
std::vector<int> cut_volume(int object, int tool);
/// Removes the `tools` from each of the `objects` (consumed); the tools are kept. Returns the
/// surviving volume tags.
std::vector<int> cut_volumes(const std::vector<int> &objects, const std::vector<int> &tools);
/// The parts of the `objects` inside the `tools`; both consumed.
std::vector<int> intersect_volumes(const std::vector<int> &objects, const std::vector<int> &tools);
/// Deletes the volumes and their boundaries.
void remove_volumes(const std::vector<int> &volumes);
/// Keeps the part of `object` inside `tool`; both consumed.
std::vector<int> intersect_volume(int object, int tool);
/// Union of the volumes (consumed), without faces left between them; returns the result's tags.
std::vector<int> fuse_volumes(const std::vector<int> &volumes);
} // namespace spine::meshes
