#include "meshes/mesh_cache.h"

#include "meshes/mesh_io.h"
#include "mesher_hash.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#ifndef SPINE_FE_VERSION
#  define SPINE_FE_VERSION "unknown"
#endif

namespace spine::meshes
{
namespace fs = std::filesystem;

std::string cache_directory()
{
  if (const char *env = std::getenv("SPINE_FE_CACHE"))
    return env;
  const char *home = std::getenv("HOME");
  return std::string(home ? home : "/tmp") + "/.cache/spine-fe/meshes";
}

namespace
{
void put(std::ostream &o, const VertebraParameters &v)
{
  for (double x : {v.body_width, v.body_depth, v.body_height, v.cortical_thickness, v.endplate_thickness,
                   v.pedicle_height, v.pedicle_width, v.pedicle_length, v.canal_width, v.canal_depth,
                   v.lamina_height, v.lamina_thickness, v.lamina_inclination_deg, v.spinous_length,
                   v.spinous_height, v.spinous_thickness, v.transverse_length, v.transverse_height,
                   v.transverse_thickness})
    o << x << ' ';
}

std::uint64_t fnv1a(const std::string &s)
{
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s)
    h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string cache_file(const ModelInput &in)
{
  return cache_directory() + "/" + model_cache_key(in) + ".model";
}
} // namespace

std::string model_cache_key(const ModelInput &in)
{
  std::ostringstream o;
  o << std::setprecision(17) << "v=" << SPINE_FE_VERSION << ' ' << SPINE_FE_MESHER_HASH << ' ';
  put(o, in.anatomy.l4);
  put(o, in.anatomy.l5);
  const auto &d = in.anatomy.disc;
  o << d.anterior_height << ' ' << d.posterior_height << ' ' << d.depth << ' ' << d.width << ' '
    << d.posterior_bulge << ' ' << d.posterior_clearance << ' ' << d.nucleus_fraction << ' ' << d.n_lamellae << ' ';
  const auto &f = in.anatomy.facets;
  for (double x : {f.angle_to_sagittal_deg, f.l4_inferior_width, f.l4_inferior_height, f.l5_superior_width,
                   f.l5_superior_height, f.process_thickness, f.cartilage_thickness, f.gap, f.lateral_shift,
                   f.posterior_shift, f.centre_height, f.lf_clearance, in.anatomy.lf.thickness, in.anatomy.lf.cranial_attachment})
    o << x << ' ';
  const auto &p = in.plan;
  o << static_cast<int>(p.procedure) << ' ';
  for (int s : p.sides)
    o << s << ' ';
  for (double x : p.imprinted_depths)
    o << x << ' ';
  for (double x : {p.working_width, p.working_position, p.approach_angle_deg, p.lf_debulking_depth,
                   p.ventral_lf_margin, p.facet_fraction, in.sizes.global, in.sizes.disc,
                   in.sizes.fine, in.sizes.whole_regions ? 1. : 0.})
    o << x << ' ';
  std::ostringstream key;
  key << std::hex << std::setw(16) << std::setfill('0') << fnv1a(o.str());
  return key.str();
}

void save_cached_model(const ModelInput &in, const SegmentModel &m)
{
  fs::create_directories(cache_directory());
  write_atomically(cache_file(in), [&](std::ostream &o) {
    o << std::setprecision(17) << "spine-fe-model 3\n" << m.regions.size() << '\n';
    for (const auto &r : m.regions)
    {
      o << r.id << ' ' << r.tissue << ' ' << r.cad_volume << ' ' << r.mesh_volume << ' ' << r.tools.size();
      for (const auto &t : r.tools)
        o << ' ' << t;
      o << '\n';
    }
    o << m.warnings.size() << '\n';
    for (const auto &w : m.warnings)
      o << w << '\n';
    const SliverRepairSummary &s = m.sliver_repair;
    o << s.bad_before << ' ' << s.bad_after << ' ' << s.collapses << ' ' << s.flips << ' ' << s.peeled << ' '
      << s.relocations << ' ' << s.interface_swaps << ' ' << s.largest_move << ' ' << s.largest_relocation << '\n';
    o << m.mesh.nodes.size() << '\n';
    for (const auto &x : m.mesh.nodes)
      o << x[0] << ' ' << x[1] << ' ' << x[2] << '\n';
    o << m.mesh.tets.size() << '\n';
    for (const auto &t : m.mesh.tets)
      o << t.v[0] << ' ' << t.v[1] << ' ' << t.v[2] << ' ' << t.v[3] << ' ' << t.region << '\n';
    o << m.mesh.tagged_triangles.size() << '\n';
    for (const auto &t : m.mesh.tagged_triangles)
      o << t.v[0] << ' ' << t.v[1] << ' ' << t.v[2] << ' ' << t.surface << ' ' << t.region << '\n';
  });
}

std::optional<SegmentModel> load_cached_model(const ModelInput &in)
{
  std::ifstream is(cache_file(in));
  std::string magic;
  int version = 0;
  if (!(is >> magic >> version) || magic != "spine-fe-model" || version != 3)
    return std::nullopt;
  SegmentModel m{AnatomyLayout(in.anatomy)};
  m.tools = make_surgical_tools(m.layout, in.plan);
  std::size_t n;
  is >> n;
  m.regions.resize(n);
  for (auto &r : m.regions)
  {
    std::size_t nt;
    is >> r.id >> r.tissue >> r.cad_volume >> r.mesh_volume >> nt;
    r.tools.resize(nt);
    for (auto &t : r.tools)
      is >> t;
  }
  is >> n;
  is.ignore();
  m.warnings.resize(n);
  for (auto &w : m.warnings)
    std::getline(is, w);
  SliverRepairSummary &s = m.sliver_repair;
  is >> s.bad_before >> s.bad_after >> s.collapses >> s.flips >> s.peeled >> s.relocations >> s.interface_swaps >> s.largest_move >>
    s.largest_relocation;
  is >> n;
  m.mesh.nodes.resize(n);
  for (auto &x : m.mesh.nodes)
    is >> x[0] >> x[1] >> x[2];
  is >> n;
  m.mesh.tets.resize(n);
  for (auto &t : m.mesh.tets)
    is >> t.v[0] >> t.v[1] >> t.v[2] >> t.v[3] >> t.region;
  is >> n;
  m.mesh.tagged_triangles.resize(n);
  for (auto &t : m.mesh.tagged_triangles)
    is >> t.v[0] >> t.v[1] >> t.v[2] >> t.surface >> t.region;
  if (!is)
    return std::nullopt;
  return m;
}

SegmentModel obtain_segment_model(const ModelInput &in, bool &reused)
{
  if (auto cached = load_cached_model(in))
  {
    reused = true;
    return *cached;
  }
  reused = false;
  SegmentModel m = build_segment_model(in.anatomy, in.plan, in.sizes);
  save_cached_model(in, m);
  return m;
}
} // namespace spine::meshes
