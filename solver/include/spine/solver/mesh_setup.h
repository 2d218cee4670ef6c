// Building the distributed tetrahedral mesh: a serial mesh is created (read or generated)
// on a root group, partitioned (METIS, or slabs along z: settings.h) and handed to a fully distributed triangulation.
#pragma once

#include <spine/solver/settings.h>

#include <deal.II/distributed/fully_distributed_tria.h>
#include <deal.II/grid/tria.h>

#include <functional>
#include <memory>
#include <set>
#include <string>

namespace spine::solver
{
  using DistributedMesh = dealii::parallel::fullydistributed::Triangulation<3>;

  /// @p create_serial fills a serial triangulation; it runs on the ranks of the root group
  /// only (group_size 0 means all ranks form one group, i.e. only rank 0 creates).
  std::shared_ptr<DistributedMesh>
  create_distributed_mesh(MPI_Comm                                                comm,
                          const std::function<void(dealii::Triangulation<3> &)> &create_serial,
                          unsigned int group_size = 0, Partitioner partitioner = Partitioner::graph);

  /// Reads a Gmsh 2.2 .msh file: physical volumes -> material_id, physical surfaces ->
  /// boundary_id (untagged boundary faces keep id 0). Throws InputError if unreadable.
  void read_gmsh(const std::string &file, dealii::Triangulation<3> &tria);

  std::shared_ptr<DistributedMesh> read_distributed_gmsh(MPI_Comm comm, const std::string &file,
                                                         Partitioner partitioner = Partitioner::graph);

  /// Material and boundary ids present anywhere in the distributed mesh (collective).
  std::set<dealii::types::material_id> global_material_ids(const DistributedMesh &mesh);
  std::set<dealii::types::boundary_id> global_boundary_ids(const DistributedMesh &mesh);
} // namespace spine::solver
