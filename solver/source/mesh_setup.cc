#include <spine/solver/input_specs.h>
#include <spine/solver/mesh_setup.h>

#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria_description.h>

#include <algorithm>
#include <fstream>
#include <numeric>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    /// Equal numbers of cells per rank, ordered by the z coordinate of their centres.
    void
    partition_in_slabs(const unsigned int n_parts, Triangulation<3> &tria)
    {
      std::vector<std::pair<double, unsigned int>> z_of_cell;
      for (const auto &cell : tria.active_cell_iterators())
        z_of_cell.emplace_back(cell->center()[2], cell->active_cell_index());
      std::sort(z_of_cell.begin(), z_of_cell.end());
      std::vector<types::subdomain_id> part(z_of_cell.size());
      for (std::size_t i = 0; i < z_of_cell.size(); ++i)
        part[z_of_cell[i].second] = static_cast<types::subdomain_id>(i * n_parts / z_of_cell.size());
      for (const auto &cell : tria.active_cell_iterators())
        cell->set_subdomain_id(part[cell->active_cell_index()]);
    }
  } // namespace

  std::shared_ptr<DistributedMesh>
  create_distributed_mesh(MPI_Comm                                        comm,
                          const std::function<void(Triangulation<3> &)> &create_serial,
                          const unsigned int                              group_size,
                          const Partitioner                               partitioner)
  {
    const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(comm);
    const auto partition = [partitioner](Triangulation<3> &tria, const MPI_Comm c, const unsigned int) {
      if (partitioner == Partitioner::slabs)
        partition_in_slabs(Utilities::MPI::n_mpi_processes(c), tria);
      else
        GridTools::partition_triangulation(Utilities::MPI::n_mpi_processes(c), tria);
    };
    const auto description =
      TriangulationDescription::Utilities::create_description_from_triangulation_in_groups<3, 3>(
        create_serial, partition, comm, group_size == 0 ? n_ranks : group_size);
    auto mesh = std::make_shared<DistributedMesh>(comm);
    mesh->create_triangulation(description);
    return mesh;
  }

  void
  read_gmsh(const std::string &file, Triangulation<3> &tria)
  {
    std::ifstream input(file);
    if (!input)
      throw InputError("cannot open mesh file '" + file + "'");
    GridIn<3> grid_in(tria);
    try
      {
        grid_in.read_msh(input);
      }
    catch (const std::exception &e)
      {
        throw InputError("cannot read mesh file '" + file + "' as Gmsh 2.2 .msh: " +
                         std::string(e.what()).substr(0, 300));
      }
  }

  std::shared_ptr<DistributedMesh>
  read_distributed_gmsh(MPI_Comm comm, const std::string &file, const Partitioner partitioner)
  {
    // Checked on every rank so that all ranks throw together instead of deadlocking.
    if (!std::ifstream(file))
      throw InputError("cannot open mesh file '" + file + "'");
    // Rank 0 reads first and shares the outcome, so that a bad file makes every rank throw
    // (instead of rank 0 throwing inside the collective mesh creation).
    Triangulation<3> serial;
    std::string      error;
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      {
        try
          {
            read_gmsh(file, serial);
          }
        catch (const InputError &e)
          {
            error = e.what();
          }
      }
    error = Utilities::MPI::broadcast(comm, error, 0);
    if (!error.empty())
      throw InputError(error);
    return create_distributed_mesh(
      comm, [&](Triangulation<3> &tria) { tria.copy_triangulation(serial); }, 0, partitioner);
  }

  std::set<types::material_id>
  global_material_ids(const DistributedMesh &mesh)
  {
    std::vector<unsigned int> local;
    for (const auto &cell : mesh.active_cell_iterators())
      if (cell->is_locally_owned())
        local.push_back(cell->material_id());
    const auto all = Utilities::MPI::compute_set_union(local, mesh.get_communicator());
    return {all.begin(), all.end()};
  }

  std::set<types::boundary_id>
  global_boundary_ids(const DistributedMesh &mesh)
  {
    std::vector<unsigned int> local;
    for (const auto &cell : mesh.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary())
            local.push_back(face->boundary_id());
    const auto all = Utilities::MPI::compute_set_union(local, mesh.get_communicator());
    return {all.begin(), all.end()};
  }
} // namespace spine::solver
