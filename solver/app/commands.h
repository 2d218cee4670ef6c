// Subcommands of the spine-fe executable (each returns the process exit code).
#pragma once

namespace spine::app
{
int mesh_command(int argc, char **argv);
int study_command(int argc, char **argv);
} // namespace spine::app
