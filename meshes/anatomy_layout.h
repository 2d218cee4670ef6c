// Derived placement of the L4-L5 segment: frames and landmark points computed from the
// anatomical parameters alone (no CAD). The builder, the surgical tools, the surface tags,
// the ligament attachments and the canal metric all read positions from here.
#pragma once
#include "meshes/anatomy_parameters.h"
#include "meshes/frame.h"

#include <array>

namespace spine::meshes
{
/// Tissue ids; a mesh region id is a tissue id plus 100 times a tool-set index.
enum Tissue : int
{
  l4_cortical = 11, l4_cancellous = 12, l4_endplate = 13, l4_posterior = 14, l4_facet_cartilage = 15,
  l5_cortical = 21, l5_cancellous = 22, l5_endplate = 23, l5_posterior = 24, l5_facet_cartilage = 25,
  nucleus = 30, annulus_first_lamella = 31, // lamella i (outermost i = 0) is 31 + i
  lf_left = 41, lf_right = 42
};
std::string tissue_name(int tissue);
/// Which vertebra (4 or 5) a tissue belongs to; 0 for disc and ligamentum flavum.
int tissue_level(int tissue);

/// Boundary ids of functional surfaces (0 = free surface).
enum Surface : int
{
  l5_inferior_endplate = 1, l4_superior_endplate = 2,
  l4_facet_left = 3, l4_facet_right = 4, l5_facet_left = 5, l5_facet_right = 6,
  canal_wall = 7
};

struct LaminaLayout
{
  Frame frame;  ///< origin: midline point of the ventral lamina line at body mid-height;
                ///< e0 along the lamina laterally, e1 dorsal normal, e2 cranial (tilted)
  double length = 0;            ///< midline to the pedicle-lamina junction
  double c_bottom = 0, c_top = 0; ///< inferior and superior edge along e2
};

struct VertebraLayout
{
  Frame body;   ///< origin at the body's centre
  std::array<LaminaLayout, 2> lamina; ///< [0] left (+x), [1] right
  double pedicle_top = 0, pedicle_centre_z = 0; ///< local z in `body`
};

struct FacetLayout
{
  int side = 1; ///< +1 left, -1 right
  Frame joint;  ///< e0 along the joint line (posterolateral), e1 cranial, e2 normal SAP -> IAP
  Vec3 sap_medial_border; ///< anteromedial edge of the L5 superior articular facet
};

/// Plane of a ligamentum flavum: origin at the ventral superior edge of the L5 lamina,
/// e0 along the L4 lamina (lateral), e1 dorsal normal, e2 up to the ventral inferior edge of
/// the L4 lamina (at e2 = window_height), so the LF spans the interlaminar window.
struct FlavumLayout
{
  Frame frame;
  double window_height = 0;
  double length = 0; ///< lateral extent along e0
};

struct AnatomyLayout
{
  AnatomyParameters p;
  VertebraLayout l4, l5;
  Frame mid_segment;  ///< bisects the L4 and L5 frames, origin at the mid-disc centre
  std::array<FacetLayout, 2> facets;
  std::array<FlavumLayout, 2> flavum;
  double disc_centre_y = 0; ///< footprint centre of the disc (posterior bulge shifts it)

  explicit AnatomyLayout(const AnatomyParameters &p);
  static int side_index(int side) { return side > 0 ? 0 : 1; }

  /// Heights (along the mid-segment normal, from its origin) of the canal planes.
  double l4_pedicle_level() const;
  double l5_pedicle_level() const;
};
} // namespace spine::meshes
