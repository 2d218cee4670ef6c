// Named anatomical parameters of the L4-L5 motion segment (mm, degrees).
// Defaults are the `normal` preset; every default cites its source in anatomy_parameters.cc.
#pragma once
#include <deal.II/base/parameter_handler.h>

namespace spine::meshes
{
/// One lumbar vertebra, described in its own anatomical frame (origin at the body's centre,
/// y posterior, z cranial).
struct VertebraParameters
{
  double body_width, body_depth, body_height;
  double cortical_thickness, endplate_thickness;
  double pedicle_height, pedicle_width, pedicle_length;
  double canal_width, canal_depth;
  double lamina_height, lamina_thickness, lamina_inclination_deg;
  double spinous_length, spinous_height, spinous_thickness;
  double transverse_length, transverse_height, transverse_thickness;

  static void declare(dealii::ParameterHandler &prm, const VertebraParameters &defaults);
  void parse(dealii::ParameterHandler &prm);
  static VertebraParameters l4_defaults();
  static VertebraParameters l5_defaults();
};

struct DiscParameters
{
  double anterior_height, posterior_height, depth, width;
  double posterior_bulge;
  double posterior_clearance; ///< gap kept between the disc and the posterior elements and LF
  double nucleus_fraction; ///< nucleus semi-axes as a fraction of the disc's
  unsigned int n_lamellae;

  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm);
  /// Lordotic wedge angle from the anterior/posterior heights (radians).
  double wedge_angle() const;
};

struct FacetParameters
{
  double angle_to_sagittal_deg;
  double l4_inferior_width, l4_inferior_height, l5_superior_width, l5_superior_height;
  double process_thickness, cartilage_thickness, gap;
  double lateral_shift, posterior_shift, centre_height;
  double lf_clearance; ///< gap kept between the LF and the L4 inferior articular process

  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm);
};

struct LigamentumFlavumParameters
{
  double thickness;          ///< ventral-dorsal thickness in the interlaminar window
  double cranial_attachment; ///< length along the ventral L4 lamina it covers

  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm);
};

struct AnatomyParameters
{
  VertebraParameters l4, l5;
  DiscParameters disc;
  FacetParameters facets;
  LigamentumFlavumParameters lf;

  /// Declares the subsection "Anatomy" (with "Preset").
  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm);
  /// Parameters that only a combination can violate (e.g. canal wider than the body).
  void check_consistency() const;
};
} // namespace spine::meshes
