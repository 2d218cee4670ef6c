// CAD -> fragments -> regions and functional surfaces -> tetrahedral mesh.
#include "meshes/anatomy_builder.h"
#include "meshes/mesh_repair.h"
#include "meshes/occ_shapes.h"
#include "meshes/segment_model.h"

#include <gmsh.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

namespace spine::meshes
{
namespace
{
/// RAII guard: one Gmsh session per model build.
struct GmshSession
{
  GmshSession()
  {
    gmsh::initialize();
    gmsh::option::setNumber("General.Terminal", 0);
    gmsh::option::setNumber("General.Verbosity", 2);
    gmsh::model::add("l4_l5_segment");
  }
  ~GmshSession() { gmsh::finalize(); }
};

Vec3 centre_of_mass(int dim, int tag)
{
  Vec3 c;
  gmsh::model::occ::getCenterOfMass(dim, tag, c[0], c[1], c[2]);
  return c;
}

/// Functional surface id of a boundary face (0 = free surface).
int classify_surface(const AnatomyLayout &L, int tissue, const Vec3 &c)
{
  const auto &p = L.p;
  const double tol = 1e-3;
  if (tissue_level(tissue) == 5 && std::abs(L.l5.body.to_local(c)[2] + p.l5.body_height / 2) < tol)
    return l5_inferior_endplate;
  if (tissue_level(tissue) == 4 && std::abs(L.l4.body.to_local(c)[2] - p.l4.body_height / 2) < tol)
    return l4_superior_endplate;
  if (tissue == l4_facet_cartilage || tissue == l5_facet_cartilage)
    for (const auto &f : L.facets)
    {
      const Vec3 q = f.joint.to_local(c);
      const double w = tissue == l4_facet_cartilage ? p.facets.gap / 2 : -p.facets.gap / 2;
      if (std::abs(q[2] - w) < tol)
      {
        const bool left = f.side > 0;
        return tissue == l4_facet_cartilage ? (left ? l4_facet_left : l4_facet_right)
                                            : (left ? l5_facet_left : l5_facet_right);
      }
    }
  // Canal wall: boundary faces inside the prism of the canal between the pedicle levels.
  const Vec3 q = L.mid_segment.to_local(c);
  const double half_width = std::max(p.l4.canal_width, p.l5.canal_width) / 2 + 1;
  const double y_front = std::min(p.l4.body_depth, p.l5.body_depth) / 2 - 2;
  const double y_back = std::max(p.l4.body_depth / 2 + p.l4.canal_depth, p.l5.body_depth / 2 + p.l5.canal_depth) + 1;
  const double z_low = L.mid_segment.to_local(L.l5.body.to_global({0, 0, L.l5.pedicle_centre_z - p.l5.pedicle_height / 2}))[2];
  const double z_high = L.mid_segment.to_local(L.l4.body.to_global({0, 0, L.l4.pedicle_top}))[2];
  if (std::abs(q[0]) < half_width && q[1] > y_front && q[1] < y_back && q[2] > z_low && q[2] < z_high)
    return canal_wall;
  return 0;
}
/// A volume of the fragmented model: its tissue (the highest-priority input) and the tools
/// that contain it.
struct Piece { int tissue = 0, priority = -1; std::set<int> tools; };

/// Removes volumes that repeat another one (the same boundary surfaces). The fragment can
/// return a small piece twice where faces of several inputs nearly coincide (0.39 mm3 at the
/// LF's L5 attachment with a 4.2 mm LF on the stenotic preset), and the mesher then has no
/// room for the second copy. The copy with the higher priority keeps the piece, with the
/// tools of both.
void drop_duplicate_volumes(std::map<int, Piece> &pieces)
{
  std::map<std::vector<int>, int> by_boundary;
  gmsh::vectorpair duplicates;
  for (auto it = pieces.begin(); it != pieces.end();)
  {
    gmsh::vectorpair faces;
    gmsh::model::getBoundary({{3, it->first}}, faces, false, false, false);
    std::vector<int> key;
    for (const auto &f : faces)
      key.push_back(std::abs(f.second));
    std::sort(key.begin(), key.end());
    const auto [first, inserted] = by_boundary.insert({key, it->first});
    if (inserted)
    {
      ++it;
      continue;
    }
    Piece &kept = pieces.at(first->second);
    kept.tools.insert(it->second.tools.begin(), it->second.tools.end());
    if (it->second.priority > kept.priority)
    {
      kept.priority = it->second.priority;
      kept.tissue = it->second.tissue;
    }
    duplicates.push_back({3, it->first});
    it = pieces.erase(it);
  }
  if (duplicates.empty())
    return;
  gmsh::model::occ::remove(duplicates, false);
  gmsh::model::occ::synchronize();
}
} // namespace

namespace
{
SegmentModel build_segment_model_unguarded(const AnatomyParameters &anatomy, const SurgeryPlan &plan,
                                           const MeshSizes &sizes);
}

SegmentModel build_segment_model(const AnatomyParameters &anatomy, const SurgeryPlan &plan,
                                 const MeshSizes &sizes)
{
  // The Gmsh API reports errors by throwing strings.
  try
  {
    return build_segment_model_unguarded(anatomy, plan, sizes);
  }
  catch (const std::string &message)
  {
    throw std::runtime_error("geometry/meshing failed in Gmsh: " + message);
  }
}

namespace
{
SegmentModel build_segment_model_unguarded(const AnatomyParameters &anatomy, const SurgeryPlan &plan,
                                           const MeshSizes &sizes)
{
  SegmentModel model{AnatomyLayout(anatomy)};
  const AnatomyLayout &L = model.layout;
  model.tools = make_surgical_tools(L, plan);
  GmshSession session;

  const std::vector<TissueSolid> solids = build_anatomy(L);
  gmsh::vectorpair objects, tool_dimtags;
  std::vector<int> input_tissue, input_priority, input_tool;
  for (const auto &s : solids)
    for (int v : s.volumes)
    {
      objects.push_back({3, v});
      input_tissue.push_back(s.tissue);
      input_priority.push_back(s.priority);
    }
  for (std::size_t t = 0; t < model.tools.size(); ++t)
  {
    // One solid per tool: faces of one box inside another (e.g. the LF debulking's dorsal face
    // inside the laminotomy) would otherwise stay in the mesh, close to the tissue interfaces.
    std::vector<int> boxes;
    for (const auto &b : model.tools[t].boxes)
    {
      std::vector<int> pieces{add_box(b.frame, b.lo, b.hi)};
      for (const auto &w : b.within)
      {
        std::vector<int> kept;
        for (int piece : pieces)
          for (int v : intersect_volume(piece, add_box(w.frame, w.lo, w.hi)))
            kept.push_back(v);
        pieces = kept;
      }
      boxes.insert(boxes.end(), pieces.begin(), pieces.end());
    }
    std::vector<int> pieces = fuse_volumes(boxes);
    for (const auto &s : model.tools[t].spared)
    {
      std::vector<int> kept;
      for (int piece : pieces)
        for (int v : cut_volume(piece, add_box(s.frame, s.lo, s.hi)))
          kept.push_back(v);
      pieces = kept;
    }
    for (int piece : pieces)
    {
      tool_dimtags.push_back({3, piece});
      input_tool.push_back(static_cast<int>(t));
    }
  }

  // Fragment everything: conforming interfaces (shared nodes) between all pieces.
  gmsh::vectorpair out;
  std::vector<gmsh::vectorpair> map;
  gmsh::model::occ::fragment(objects, tool_dimtags, out, map);

  std::map<int, Piece> pieces;
  for (std::size_t i = 0; i < map.size(); ++i)
    for (const auto &dt : map[i])
    {
      if (dt.first != 3)
        continue;
      Piece &pc = pieces[dt.second];
      if (i < objects.size())
      {
        if (input_priority[i] > pc.priority)
        {
          pc.priority = input_priority[i];
          pc.tissue = input_tissue[i];
        }
      }
      else
        pc.tools.insert(input_tool[i - objects.size()]);
    }

  // Tool volume outside every tissue is air: drop it.
  gmsh::vectorpair air;
  for (auto it = pieces.begin(); it != pieces.end();)
    if (it->second.tissue == 0)
    {
      air.push_back({3, it->first});
      it = pieces.erase(it);
    }
    else
      ++it;
  gmsh::model::occ::remove(air, false);
  gmsh::model::occ::synchronize();
  drop_duplicate_volumes(pieces);

  // Regions: one per (tissue, set of tools containing it); id = tissue + 100 * (index of
  // the tool set among the distinct non-empty sets, 1-based), so intact tissue keeps its id.
  std::set<std::set<int>> tool_sets;
  for (const auto &kv : pieces)
    if (!kv.second.tools.empty())
      tool_sets.insert(kv.second.tools);
  std::map<int, int> region_of_volume;
  std::map<int, std::vector<int>> volumes_of_region;
  for (const auto &[vol, pc] : pieces)
  {
    const int set_index =
      pc.tools.empty() ? 0 : 1 + static_cast<int>(std::distance(tool_sets.begin(), tool_sets.find(pc.tools)));
    const int id = pc.tissue + 100 * set_index;
    if (!volumes_of_region.count(id))
    {
      Region r;
      r.id = id;
      r.tissue = pc.tissue;
      for (int t : pc.tools)
        r.tools.push_back(model.tools[t].name);
      model.regions.push_back(r);
    }
    region_of_volume[vol] = id;
    volumes_of_region[id].push_back(vol);
  }
  for (auto &r : model.regions)
  {
    for (int v : volumes_of_region[r.id])
    {
      double m;
      gmsh::model::occ::getMass(3, v, m);
      r.cad_volume += m;
    }
    gmsh::model::addPhysicalGroup(3, volumes_of_region[r.id], r.id);
  }

  // Functional surfaces: boundary faces (one adjacent volume) classified by position.
  std::map<int, std::vector<int>> surfaces_of_id;
  std::map<int, int> region_of_surface;
  gmsh::vectorpair all_surfaces;
  gmsh::model::getEntities(all_surfaces, 2);
  for (const auto &[dim, s] : all_surfaces)
  {
    std::vector<int> up, down;
    gmsh::model::getAdjacencies(2, s, up, down);
    std::vector<int> solid_up;
    for (int v : up)
      if (region_of_volume.count(v))
        solid_up.push_back(v);
    if (solid_up.size() != 1)
      continue;
    const int region = region_of_volume[solid_up[0]];
    const int id = classify_surface(L, model.region(region).tissue, centre_of_mass(2, s));
    if (id != 0)
    {
      surfaces_of_id[id].push_back(s);
      region_of_surface[s] = region;
    }
  }
  for (const auto &[id, tags] : surfaces_of_id)
    gmsh::model::addPhysicalGroup(2, tags, id);

  // Local sizes: the disc's own in the disc and bony endplates (the layers that govern the
  // rotation), fine at the LF, facets and wherever a tool cuts.
  gmsh::option::setNumber("Mesh.MeshSizeMax", std::max(sizes.global, sizes.disc));
  gmsh::option::setNumber("Mesh.MeshSizeMin", std::min(sizes.fine, sizes.disc));
  gmsh::option::setNumber("Mesh.MeshSizeExtendFromBoundary", 0);
  gmsh::option::setNumber("Mesh.MeshSizeFromPoints", 1);
  // Small curved outlines (nucleus, inner lamellae) need more than the global size to keep
  // the faceted volume within 1 % of the CAD volume.
  gmsh::option::setNumber("Mesh.MeshSizeFromCurvature", 24);
  gmsh::option::setNumber("Mesh.Algorithm", 6);
  gmsh::option::setNumber("Mesh.Algorithm3D", 1);
  gmsh::option::setNumber("Mesh.OptimizeThreshold", 0.45);
  gmsh::option::setNumber("Mesh.Optimize", 1);
  gmsh::vectorpair all_points;
  gmsh::model::getEntities(all_points, 0);
  gmsh::model::mesh::setSize(all_points, sizes.global);
  const auto volumes_of = [&](const auto &chosen) {
    gmsh::vectorpair volumes;
    for (const auto &[vol, region] : region_of_volume)
      if (chosen(model.region(region)))
        volumes.push_back({3, vol});
    return volumes;
  };
  // Corner points of the chosen volumes (shared points take the size set last).
  const auto points_of = [&](const auto &chosen) {
    gmsh::vectorpair points;
    gmsh::model::getBoundary(volumes_of(chosen), points, false, false, true);
    points.erase(std::remove_if(points.begin(), points.end(), [](const auto &dt) { return dt.first != 0; }),
                 points.end());
    return points;
  };
  const auto in_disc = [](const Region &r) {
    return r.tissue == nucleus || (r.tissue >= annulus_first_lamella && r.tissue < lf_left) ||
           r.tissue == l4_endplate || r.tissue == l5_endplate;
  };
  const auto in_fine = [](const Region &r) {
    return !r.tools.empty() || r.tissue == lf_left || r.tissue == lf_right || r.tissue == l4_facet_cartilage ||
           r.tissue == l5_facet_cartilage;
  };
  gmsh::model::mesh::setSize(points_of(in_disc), sizes.disc);
  gmsh::model::mesh::setSize(points_of(in_fine), sizes.fine);
  if (sizes.whole_regions)
  {
    // Corner sizes reach only the edges: with sizes not extended from the boundary, faces and
    // interiors were graded up to the largest size (an LF at 'Fine size' 1.25 had a mean edge
    // of 1.6 mm; halving it gave 1.26). A Restrict field per group holds its size in the
    // group's volumes and on their faces and edges; the background size is their minimum.
    std::vector<double> groups;
    const auto hold_size = [&](const auto &chosen, double size) {
      const gmsh::vectorpair volumes = volumes_of(chosen);
      gmsh::vectorpair faces, edges;
      gmsh::model::getBoundary(volumes, faces, false, false, false);
      gmsh::model::getBoundary(faces, edges, false, false, false);
      const auto tags = [](const gmsh::vectorpair &dimtags) {
        std::set<double> unique;
        for (const auto &[dim, tag] : dimtags)
          unique.insert(std::abs(tag));
        return std::vector<double>(unique.begin(), unique.end());
      };
      const int constant = gmsh::model::mesh::field::add("MathEval");
      gmsh::model::mesh::field::setString(constant, "F", std::to_string(size));
      const int restricted = gmsh::model::mesh::field::add("Restrict");
      gmsh::model::mesh::field::setNumber(restricted, "InField", constant);
      gmsh::model::mesh::field::setNumbers(restricted, "RegionsList", tags(volumes));
      gmsh::model::mesh::field::setNumbers(restricted, "FacesList", tags(faces));
      gmsh::model::mesh::field::setNumbers(restricted, "EdgesList", tags(edges));
      groups.push_back(restricted);
    };
    hold_size(in_disc, sizes.disc);
    hold_size(in_fine, sizes.fine);
    const int smallest = gmsh::model::mesh::field::add("Min");
    gmsh::model::mesh::field::setNumbers(smallest, "FieldsList", groups);
    gmsh::model::mesh::field::setAsBackgroundMesh(smallest);
  }
  gmsh::model::mesh::generate(3);

  // Extract the mesh: nodes used by region tetrahedra, renumbered from 0.
  std::vector<std::size_t> node_tags;
  std::vector<double> coords, param;
  gmsh::model::mesh::getNodes(node_tags, coords, param, -1, -1, true, false);
  std::map<std::size_t, Vec3> node_xyz;
  for (std::size_t i = 0; i < node_tags.size(); ++i)
    node_xyz[node_tags[i]] = {coords[3 * i], coords[3 * i + 1], coords[3 * i + 2]};
  std::map<std::size_t, std::size_t> index;
  auto node_index = [&](std::size_t tag) {
    auto [it, inserted] = index.emplace(tag, model.mesh.nodes.size());
    if (inserted)
      model.mesh.nodes.push_back(node_xyz.at(tag));
    return it->second;
  };
  for (const auto &[vol, region] : region_of_volume)
  {
    std::vector<std::size_t> tet_tags, tet_nodes;
    gmsh::model::mesh::getElementsByType(4, tet_tags, tet_nodes, vol);
    for (std::size_t e = 0; e < tet_tags.size(); ++e)
      model.mesh.tets.push_back({{node_index(tet_nodes[4 * e]), node_index(tet_nodes[4 * e + 1]),
                                  node_index(tet_nodes[4 * e + 2]), node_index(tet_nodes[4 * e + 3])},
                                 region});
  }
  for (const auto &[id, tags] : surfaces_of_id)
    for (int s : tags)
    {
      std::vector<std::size_t> tri_tags, tri_nodes;
      gmsh::model::mesh::getElementsByType(2, tri_tags, tri_nodes, s);
      for (std::size_t e = 0; e < tri_tags.size(); ++e)
        model.mesh.tagged_triangles.push_back(
          {{node_index(tri_nodes[3 * e]), node_index(tri_nodes[3 * e + 1]), node_index(tri_nodes[3 * e + 2])},
           id, region_of_surface[s]});
    }

  // Slivers that the CAD's near-coincident features force (all four nodes on CAD edges and
  // faces, out of the optimiser's reach): their features are dropped at the mesh level, moving
  // the geometry by at most a quarter of the finest element size.
  model.sliver_repair = repair_slivers(model.mesh, 0.25 * std::min(sizes.fine, sizes.disc));

  std::map<int, double> mesh_volume;
  for (const auto &t : model.mesh.tets)
    mesh_volume[t.region] += tet_volume(model.mesh, t);
  for (auto &r : model.regions)
    r.mesh_volume = mesh_volume[r.id];
  const std::vector<bool> kept = model.kept_tets("");
  const auto floating = std::count(kept.begin(), kept.end(), false);
  if (floating > 0)
    model.warnings.push_back(std::to_string(floating) +
                             " tetrahedra of the intact model are not connected to a vertebral body");
  return model;
}
} // namespace
} // namespace spine::meshes
