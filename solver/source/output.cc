// Output: PVTU per must point (displacement, Cauchy stress, von Mises, Green–Lagrange
// strain, J, material id, partition), a .pvd collection, and summary.json. Every file is
// written under a temporary name and renamed.
#include <spine/solver/mechanics_problem.h>
#include <spine/solver/kinematics.h>

#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_postprocessor.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    class StressStrainPostprocessor : public DataPostprocessor<3>
    {
    public:
      explicit StressStrainPostprocessor(const MechanicsProblem &problem)
        : problem(problem)
      {}

      std::vector<std::string>
      get_names() const override
      {
        return {"von_Mises", "sigma_xx", "sigma_yy", "sigma_zz", "sigma_xy", "sigma_yz",
                "sigma_xz",  "E_xx",     "E_yy",     "E_zz",     "E_xy",     "E_yz",
                "E_xz",      "J"};
      }

      std::vector<DataComponentInterpretation::DataComponentInterpretation>
      get_data_component_interpretation() const override
      {
        return std::vector<DataComponentInterpretation::DataComponentInterpretation>(
          14, DataComponentInterpretation::component_is_scalar);
      }

      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_gradients | update_quadrature_points;
      }

      void
      evaluate_vector_field(const DataPostprocessorInputs::Vector<3> &inputs,
                            std::vector<dealii::Vector<double>> &     computed) const override
      {
        const auto         cell = inputs.template get_cell<3>();
        const MaterialLaw &law  = problem.law(cell->material_id());
        for (unsigned int q = 0; q < inputs.solution_gradients.size(); ++q)
          {
            const Tensor<2, 3> F = deformation_gradient(inputs.solution_gradients[q]);
            const double J     = determinant(F);
            const bool   valid = law.is_small_strain() || J > 0.;
            const Tensor<2, 3> sigma =
              valid ? law.cauchy_stress(F, inputs.evaluation_points[q]) : Tensor<2, 3>();
            Tensor<2, 3>       E;
            if (law.is_small_strain())
              {
                Tensor<2, 3> H = F - Tensor<2, 3>(unit_symmetric_tensor<3>());
                E              = 0.5 * (H + transpose(H));
              }
            else
              E = 0.5 * (transpose(F) * F - Tensor<2, 3>(unit_symmetric_tensor<3>()));
            auto &out = computed[q];
            out(0)    = von_mises(sigma);
            out(1)    = sigma[0][0];
            out(2)    = sigma[1][1];
            out(3)    = sigma[2][2];
            out(4)    = sigma[0][1];
            out(5)    = sigma[1][2];
            out(6)    = sigma[0][2];
            out(7)    = E[0][0];
            out(8)    = E[1][1];
            out(9)    = E[2][2];
            out(10)   = E[0][1];
            out(11)   = E[1][2];
            out(12)   = E[0][2];
            out(13)   = J;
          }
      }

    private:
      const MechanicsProblem &problem;
    };

    std::string
    json_escape(const std::string &s)
    {
      std::string out;
      for (const char c : s)
        {
          if (c == '"' || c == '\\')
            out += '\\';
          if (c == '\n')
            {
              out += "\\n";
              continue;
            }
          out += c;
        }
      return out;
    }

    std::string
    json_number(const double v)
    {
      if (!std::isfinite(v))
        return "null";
      std::ostringstream out;
      out << std::setprecision(12) << v;
      return out.str();
    }
  } // namespace

  void
  MechanicsProblem::write_output(const unsigned int step, const double lambda)
  {
    TimerOutput::Scope scope(*timer, "output");
    const StressStrainPostprocessor postprocessor(*this);
    DataOut<3>                      data_out;
    data_out.attach_dof_handler(dofs);
    const std::vector<std::string> names(3, "displacement");
    const std::vector<DataComponentInterpretation::DataComponentInterpretation> interpretation(
      3, DataComponentInterpretation::component_is_part_of_vector);
    data_out.add_data_vector(ghosted_solution,
                             names,
                             DataOut<3>::type_dof_data,
                             interpretation);
    data_out.add_data_vector(ghosted_solution, postprocessor);

    dealii::Vector<float> material(mesh->n_active_cells()), partition(mesh->n_active_cells());
    for (const auto &cell : mesh->active_cell_iterators())
      if (cell->is_locally_owned())
        {
          material(cell->active_cell_index())  = cell->material_id();
          partition(cell->active_cell_index()) = mesh->locally_owned_subdomain();
        }
    data_out.add_data_vector(material, "material_id", DataOut<3>::type_cell_data);
    data_out.add_data_vector(partition, "partition", DataOut<3>::type_cell_data);
    const unsigned int subdivisions =
      settings_.output.subdivisions > 0 ? settings_.output.subdivisions : settings_.fe_degree;
    data_out.build_patches(*mapping_, subdivisions);

    const std::string &directory = settings_.output.directory;
    const unsigned int rank      = Utilities::MPI::this_mpi_process(comm);
    const unsigned int n_ranks   = Utilities::MPI::n_mpi_processes(comm);
    // Files are numbered by output (must point) index 1, 2, ..., not by load step.
    const unsigned int index = written_outputs.size() + 1;
    const auto piece_name = [&](const unsigned int r) {
      return "solution_" + Utilities::int_to_string(index, 4) + "." +
             Utilities::int_to_string(r, 4) + ".vtu";
    };
    {
      const std::string path = directory + "/" + piece_name(rank);
      std::ofstream     file(path + ".tmp");
      data_out.write_vtu(file);
      file.close();
      std::rename((path + ".tmp").c_str(), path.c_str());
    }
    MPI_Barrier(comm); // pieces exist before the record that points to them
    if (rank == 0)
      {
        std::vector<std::string> pieces;
        for (unsigned int r = 0; r < n_ranks; ++r)
          pieces.push_back(piece_name(r));
        const std::string record = "solution_" + Utilities::int_to_string(index, 4) + ".pvtu";
        std::ostringstream pvtu;
        data_out.write_pvtu_record(pvtu, pieces);
        write_file_atomically(directory + "/" + record, pvtu.str());

        std::vector<std::pair<double, std::string>> times;
        for (unsigned int k = 0; k < written_outputs.size(); ++k)
          times.emplace_back(written_outputs[k].second,
                             "solution_" + Utilities::int_to_string(k + 1, 4) + ".pvtu");
        times.emplace_back(lambda, record);
        std::ostringstream pvd;
        DataOutBase::write_pvd_record(pvd, times);
        write_file_atomically(directory + "/solution.pvd", pvd.str());
      }
    written_outputs.emplace_back(step, lambda); // on every rank: keeps the index in step
  }

  void
  MechanicsProblem::write_summary(const RunSummary &summary) const
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    std::ostringstream json;
    json << "{\n"
         << "  \"completed\": " << (summary.completed ? "true" : "false") << ",\n"
         << "  \"message\": \"" << json_escape(summary.message) << "\",\n"
         << "  \"last_converged_load_factor\": " << json_number(summary.last_converged_load) << ",\n"
         << "  \"steps\": " << summary.steps << ",\n"
         << "  \"newton_iterations\": " << summary.newton_iterations << ",\n"
         << "  \"linear_iterations\": " << summary.linear_iterations << ",\n"
         << "  \"cutbacks\": " << summary.cutbacks << ",\n"
         << "  \"wall_seconds\": " << json_number(summary.wall_seconds) << ",\n"
         << "  \"mpi_ranks\": " << Utilities::MPI::n_mpi_processes(comm) << ",\n"
         << "  \"cells\": " << mesh->n_global_active_cells() << ",\n"
         << "  \"dofs\": " << dofs.n_dofs() << ",\n"
         << "  \"fe_degree\": " << settings_.fe_degree << ",\n"
         << "  \"last_step\": {";
    bool first = true;
    for (const auto &column : statistics_.columns())
      {
        json << (first ? "\n" : ",\n") << "    \"" << json_escape(column)
             << "\": " << json_number(statistics_.value(column));
        first = false;
      }
    json << "\n  }\n}\n";
    write_file_atomically(settings_.output.directory + "/summary.json", json.str());
  }
} // namespace spine::solver
