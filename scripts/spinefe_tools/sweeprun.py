"""Plan, run (local or Slurm), report and collect a parameter sweep of `spine-fe study`.

Folder layout (all written by scripts/sweep):
    sweep.json                      manifest: base study + hash, grid, case id -> parameters
    cases/<id>/case.prm             override file (include of the base study + swept values)
    cases/<id>/out/study.json       written by spine-fe study (Output directory)
    cases/<id>/log.txt              stdout+stderr of the case (kept when it fails)
    cases/<id>/done | failed        completion markers (JSON); a case with 'done' is skipped
    collected.csv, plots/*.png|svg  from `collect`
    slurm/                          job script, task logs, submissions.json from `submit`
"""
import csv
import difflib
import fcntl
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from . import REPO, UserError, prm, sweepdef

SCHEMA = "spine-fe/sweep/1"
# Resolved base-study values written as CSV columns for every case (known without results, so
# claims can filter failed cases by them too).
CONTEXT = ["Anatomy/Preset", "Surgery/Plan", "Surgery/Procedure", "Surgery/Side"]
STUDY_SCHEMA = "spine-fe/study/1"


# ----------------------------------------------------------------------------- executable
def find_exe(option):
    exe = option or os.environ.get("SPINE_FE_EXE") or os.path.join(REPO, "build", "solver", "spine-fe")
    exe = os.path.abspath(exe)
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        raise UserError("spine-fe executable %s not found or not executable (set --exe or SPINE_FE_EXE)"
                        % exe)
    return exe


def child_env():
    env = dict(os.environ)
    if os.geteuid() == 0:
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    return env


def launch_command(exe, ranks, args):
    if ranks > 1:
        mpirun = os.environ.get("SPINE_FE_MPIRUN", "mpirun")
        return [mpirun, "--oversubscribe", "--bind-to", "none", "-np", str(ranks), exe] + args
    return [exe] + args


def declared_parameters(exe):
    try:
        r = subprocess.run([exe, "study", "--list-parameters"], capture_output=True, text=True,
                           env=child_env(), timeout=120)
    except OSError as e:
        raise UserError("cannot run %s study --list-parameters: %s" % (exe, e.strerror))
    if r.returncode != 0:
        msg = (r.stderr.strip().splitlines() or ["exit code %d" % r.returncode])[-1]
        raise UserError("%s study --list-parameters failed (needed to check grid parameter names; "
                        "--no-validate skips the check): %s" % (exe, msg))
    names = [l.strip() for l in r.stdout.splitlines() if l.strip()]
    if not names:
        raise UserError("%s study --list-parameters printed no parameters" % exe)
    return set(names)


# ----------------------------------------------------------------------------- manifest
def manifest_path(folder):
    return os.path.join(folder, "sweep.json")


def load_manifest(folder):
    path = manifest_path(folder)
    if not os.path.isfile(path):
        raise UserError("%s is not a sweep folder (no sweep.json; create it with 'sweep plan')" % folder)
    try:
        with open(path) as f:
            m = json.load(f)
    except (OSError, ValueError) as e:
        raise UserError("%s: unreadable sweep manifest: %s" % (path, e))
    if m.get("schema") != SCHEMA:
        raise UserError("%s: schema '%s', expected '%s'" % (path, m.get("schema"), SCHEMA))
    return m


def check_base(m, folder, fatal=True):
    """The base study must still resolve to the content the sweep was planned from."""
    base = m["base_study"]
    problem = None
    if not os.path.isfile(base):
        problem = "base study %s of sweep folder %s no longer exists" % (base, folder)
    else:
        h, _ = prm.study_hash(base)
        if h != m["base_hash"]:
            problem = ("base study %s changed since sweep folder %s was planned (hash %s, planned "
                       "from %s): plan a new folder" % (base, folder, h[:19], m["base_hash"][:19]))
    if problem and fatal:
        raise UserError(problem)
    if problem:
        print("warning: " + problem, file=sys.stderr)
    return problem is None


def case_dir(folder, cid):
    return os.path.join(folder, "cases", cid)


def write_atomic(path, text):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


# ----------------------------------------------------------------------------- plan
def plan(sweep_file, folder, exe_option=None, validate=True):
    sd = sweepdef.load(sweep_file)
    folder = os.path.abspath(folder)
    base_hash, base_files = prm.study_hash(sd.base)
    resolved, _ = prm.resolve_study(sd.base)
    if validate:
        exe = find_exe(exe_option)
        declared = declared_parameters(exe)
        for axis in sd.axes:
            for p in axis.paths:
                if p not in declared:
                    close = difflib.get_close_matches(p, sorted(declared), n=1)
                    hint = "; did you mean '%s'?" % close[0] if close else ""
                    raise UserError("%s: unknown parameter '%s' in the grid (not declared by "
                                    "spine-fe study --list-parameters)%s" % (axis.where, p, hint))
                if p == "Output directory":
                    raise UserError("%s: 'Output directory' is set by the sweep, not swept" % axis.where)
    cases = sd.cases()
    m = {
        "schema": SCHEMA,
        "name": sd.name,
        "sweep_file": sd.file,
        "base_study": sd.base,
        "base_hash": base_hash,
        "base_files": base_files,
        "ranks_per_case": sd.ranks,
        "base_values": {k: resolved[k] for k in CONTEXT if k in resolved},
        "parameters": sd.parameters,
        "grid": [a.as_json() for a in sd.axes],
        "cases": [{"id": cid, "index": i, "parameters": p} for i, (cid, p) in enumerate(cases)],
    }
    if os.path.exists(folder):
        if not os.path.isdir(folder):
            raise UserError("%s exists and is not a folder" % folder)
        if os.path.isfile(manifest_path(folder)):
            old = load_manifest(folder)
            if old["base_hash"] != base_hash or old["base_study"] != sd.base:
                raise UserError("sweep folder %s was planned from base study %s (hash %s), not %s "
                                "(hash %s): nothing overwritten, use a new folder"
                                % (folder, old["base_study"], old["base_hash"][:19], sd.base,
                                   base_hash[:19]))
            if old["cases"] != m["cases"]:
                raise UserError("sweep folder %s was planned with a different grid (%d cases) than %s "
                                "(%d cases): nothing overwritten, use a new folder"
                                % (folder, len(old["cases"]), sd.file, len(cases)))
            print("%s: already planned, %d cases (unchanged)" % (folder, len(cases)))
            return m
        if os.listdir(folder):
            raise UserError("%s exists, is not empty and has no sweep.json: nothing overwritten"
                            % folder)
    parent = os.path.dirname(folder)
    os.makedirs(parent, exist_ok=True)
    # Build in a temporary sibling, then rename: a failed plan leaves nothing behind.
    tmp = tempfile.mkdtemp(dir=parent, prefix=".plan-%s-" % os.path.basename(folder))
    try:
        os.mkdir(os.path.join(tmp, "cases"))
        header = ["sweep %s, generated by scripts/sweep plan from %s" % (sd.name, sd.file)]
        for cid, params in cases:
            d = os.path.join(tmp, "cases", cid)
            os.mkdir(d)
            overrides = [("Output directory", os.path.join(case_dir(folder, cid), "out"))]
            overrides += list(params.items())
            with open(os.path.join(d, "case.prm"), "w") as f:
                f.write(prm.render_overrides(sd.base, overrides, header + ["case " + cid]))
        with open(os.path.join(tmp, "sweep.json"), "w") as f:
            json.dump(m, f, indent=1)
            f.write("\n")
        if os.path.isdir(folder):
            os.rmdir(folder)  # empty, checked above
        os.rename(tmp, folder)
    finally:
        if os.path.isdir(tmp):
            shutil.rmtree(tmp)
    print("%s: planned %d cases of sweep %s (base %s, %s)"
          % (folder, len(cases), sd.name, sd.base, base_hash[:19]))
    return m


# ----------------------------------------------------------------------------- status
def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def case_state(folder, cid):
    d = case_dir(folder, cid)
    done = read_json(os.path.join(d, "done"))
    if done is not None:
        return "done", done
    failed = read_json(os.path.join(d, "failed"))
    if failed is not None:
        return "failed", failed
    lock = os.path.join(d, "lock")
    if os.path.exists(lock):
        try:
            fd = os.open(lock, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                return "running", read_json(os.path.join(d, "started")) or {}
            finally:
                os.close(fd)
        except OSError:
            pass
    if os.path.exists(os.path.join(d, "started")):
        return "pending", {"note": "interrupted"}
    return "pending", {}


def status(folder, verbose=True):
    folder = os.path.abspath(folder)
    m = load_manifest(folder)
    check_base(m, folder, fatal=False)
    counts = {"done": 0, "failed": 0, "running": 0, "pending": 0}
    lines = []
    for c in m["cases"]:
        st, info = case_state(folder, c["id"])
        counts[st] += 1
        params = ", ".join("%s=%s" % (k, v) for k, v in c["parameters"].items())
        extra = ""
        if st == "failed":
            extra = "  %s  log: %s" % (info.get("reason", ""), info.get("log", ""))
            if info.get("last_log_line"):
                extra += "\n%10s   last log line: %s" % ("", info["last_log_line"])
        elif st == "done":
            extra = "  %.1f s" % info.get("seconds", 0)
        elif st == "running":
            extra = "  host %s pid %s" % (info.get("host", "?"), info.get("pid", "?"))
        elif info.get("note"):
            extra = "  (%s)" % info["note"]
        lines.append("%-10s %-8s %s%s" % (c["id"], st, params, extra))
    if verbose:
        print("\n".join(lines))
    print("sweep %s: %d cases: %d done, %d failed, %d running, %d pending"
          % (m["name"], len(m["cases"]), counts["done"], counts["failed"], counts["running"],
             counts["pending"]))
    timing = makespan(folder, m)
    if timing:
        print(timing)
    if counts["failed"]:
        return 1
    return 0 if counts["done"] == len(m["cases"]) else 3


def makespan(folder, m):
    """Wall time of the finished cases from the first start to the last finish, against the
    sum of their run times (how well a job array or a local run packed them)."""
    spans = []
    for c in m["cases"]:
        st, info = case_state(folder, c["id"])
        if st == "done" and "started_at" in info:
            spans.append((info["started_at"], info["finished_at"]))
    if len(spans) < 2:
        return None
    wall = max(e for _, e in spans) - min(b for b, _ in spans)
    busy = sum(e - b for b, e in spans)
    return ("timing: %d finished cases, makespan %.1f s (first start to last finish), case run times "
            "sum %.1f s (longest %.1f s): %.2f cases ran at once on average"
            % (len(spans), wall, busy, max(e - b for b, e in spans), busy / wall if wall > 0 else 0))


# ----------------------------------------------------------------------------- run
class CaseRun:
    def __init__(self, folder, case, exe, ranks, base_hash):
        self.folder, self.case, self.exe, self.ranks, self.base_hash = folder, case, exe, ranks, base_hash
        self.cid = case["id"]
        self.dir = case_dir(folder, self.cid)
        self.proc = None
        self.lock_fd = None

    def start(self):
        """False when another process holds the case."""
        self.lock_fd = os.open(os.path.join(self.dir, "lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.lock_fd)
            self.lock_fd = None
            return False
        if os.path.exists(os.path.join(self.dir, "done")):  # finished meanwhile
            self.release()
            return None
        log = os.path.join(self.dir, "log.txt")
        for name in ("failed",):
            p = os.path.join(self.dir, name)
            if os.path.exists(p):
                os.remove(p)
        if os.path.exists(log):
            os.replace(log, os.path.join(self.dir, "log.previous.txt"))
        shutil.rmtree(os.path.join(self.dir, "out"), ignore_errors=True)
        self.cmd = launch_command(self.exe, self.ranks, ["study", os.path.join(self.dir, "case.prm")])
        self.t0 = time.time()
        write_atomic(os.path.join(self.dir, "started"), json.dumps(
            {"host": socket.gethostname(), "pid": os.getpid(), "time": self.t0,
             "command": self.cmd, "slurm_job": os.environ.get("SLURM_JOB_ID")}) + "\n")
        self.logf = open(log, "w")
        self.logf.write("# %s\n# cwd %s\n" % (" ".join(shlex.quote(c) for c in self.cmd), self.dir))
        self.logf.flush()
        # The child inherits the lock: if this runner dies, the case stays locked until the
        # solver itself has exited.
        self.proc = subprocess.Popen(self.cmd, cwd=self.dir, stdout=self.logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=child_env(),
                                     start_new_session=True, pass_fds=(self.lock_fd,))
        return True

    def finish(self, code):
        self.logf.close()
        seconds = time.time() - self.t0
        log = os.path.join(self.dir, "log.txt")
        study = os.path.join(self.dir, "out", "study.json")
        reason = None
        if code != 0:
            reason = "exit code %d" % code if code > 0 else "killed by signal %d" % -code
        else:
            s = read_json(study)
            if s is None:
                reason = "exit code 0 but no readable %s" % study
            elif s.get("schema") != STUDY_SCHEMA or not isinstance(s.get("metrics"), dict):
                reason = "study.json has schema %r / no metrics object" % s.get("schema")
        info = {"seconds": round(seconds, 3), "started_at": round(self.t0, 3),
                "finished_at": round(self.t0 + seconds, 3), "exit_code": code, "log": log,
                "base_hash": self.base_hash, "ranks": self.ranks,
                "host": socket.gethostname(), "slurm_job": os.environ.get("SLURM_JOB_ID")}
        if reason:
            info["reason"] = reason
            info["last_log_line"] = last_line(log)
            write_atomic(os.path.join(self.dir, "failed"), json.dumps(info, indent=1) + "\n")
        else:
            write_atomic(os.path.join(self.dir, "done"), json.dumps(info, indent=1) + "\n")
        os.remove(os.path.join(self.dir, "started"))
        self.release()
        return reason

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        try:
            os.remove(os.path.join(self.dir, "started"))
        except OSError:
            pass
        self.release()

    def release(self):
        if self.lock_fd is not None:
            fcntl.flock(self.lock_fd, fcntl.LOCK_UN)
            os.close(self.lock_fd)
            self.lock_fd = None


def last_line(path):
    try:
        with open(path, errors="replace") as f:
            lines = [l.strip() for l in f.readlines()[-50:] if l.strip() and not l.startswith("# ")]
        return lines[-1][:300] if lines else ""
    except OSError:
        return ""


def usable_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def select_cases(m, folder, case_ids=None, case_index=None, retry_failed=False, force=False):
    by_id = {c["id"]: c for c in m["cases"]}
    if case_index is not None:
        if not 0 <= case_index < len(m["cases"]):
            raise UserError("--case-index %d out of range 0..%d" % (case_index, len(m["cases"]) - 1))
        case_ids = [m["cases"][case_index]["id"]]
    if case_ids:
        for cid in case_ids:
            if cid not in by_id:
                close = difflib.get_close_matches(cid, list(by_id), n=1)
                raise UserError("unknown case '%s' in %s%s" % (cid, folder,
                                "; did you mean '%s'?" % close[0] if close else ""))
        chosen = [by_id[c] for c in case_ids]
        explicit = True
    else:
        chosen, explicit = m["cases"], False
    todo, skipped = [], {"done": 0, "failed": 0, "running": 0}
    for c in chosen:
        st, _ = case_state(folder, c["id"])
        if st == "done" and not force:
            skipped["done"] += 1
        elif st == "failed" and not (explicit or retry_failed or force):
            skipped["failed"] += 1
        elif st == "running":
            skipped["running"] += 1
        else:
            if force and st == "done":
                os.remove(os.path.join(case_dir(folder, c["id"]), "done"))
            todo.append(c)
    return todo, skipped


def run(folder, jobs=None, ranks=None, exe_option=None, case_ids=None, case_index=None,
        retry_failed=False, force=False, quiet=False):
    folder = os.path.abspath(folder)
    m = load_manifest(folder)
    check_base(m, folder)
    exe = find_exe(exe_option)
    ranks = ranks or m.get("ranks_per_case", 1)
    cores = usable_cores()
    in_slurm = "SLURM_JOB_ID" in os.environ
    if jobs is None:
        jobs = max(1, cores // ranks)
    if jobs < 1 or ranks < 1:
        raise UserError("--jobs and --ranks must be >= 1")
    if jobs * ranks > cores and not in_slurm and not os.environ.get("SPINE_FE_OVERSUBSCRIBE"):
        raise UserError("--jobs %d x --ranks %d = %d processes exceeds the %d cores of this machine "
                        "(lower --jobs; SPINE_FE_OVERSUBSCRIBE=1 overrides)"
                        % (jobs, ranks, jobs * ranks, cores))
    todo, skipped = select_cases(m, folder, case_ids, case_index, retry_failed, force)
    note = ", ".join("%d %s skipped" % (n, k) for k, n in skipped.items() if n)
    print("sweep %s: running %d cases, %d at a time x %d rank%s%s"
          % (m["name"], len(todo), jobs, ranks, "" if ranks == 1 else "s",
             " (%s)" % note if note else ""), flush=True)
    if skipped["failed"] and not quiet:
        print("  failed cases are not retried: 'sweep run %s --retry-failed' or --case ID" % folder)
    running, failures, done = [], [], 0
    interrupted = []

    def on_signal(signum, frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    queue = list(todo)
    try:
        while queue or running:
            while queue and len(running) < jobs:
                c = queue.pop(0)
                r = CaseRun(folder, c, exe, ranks, m["base_hash"])
                # A signal between starting a case and recording it would orphan the case:
                # hold signals until it is in `running`, where the interrupt handler kills it.
                blocked = signal.pthread_sigmask(signal.SIG_BLOCK, list(old))
                try:
                    started = r.start()
                    if started:
                        running.append(r)
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                if started is False:
                    print("  %s is running elsewhere (locked), skipped" % c["id"], flush=True)
            still = []
            for r in running:
                code = r.proc.poll()
                if code is None:
                    still.append(r)
                    continue
                reason = r.finish(code)
                if reason:
                    failures.append(r.cid)
                    print("  %s FAILED (%s), log: %s" % (r.cid, reason, os.path.join(r.dir, "log.txt")),
                          flush=True)
                else:
                    done += 1
                    if not quiet:
                        print("  %s done" % r.cid, flush=True)
            running = still
            if running and (len(running) >= jobs or not queue):
                # Block until some child exits (not reaped here; poll() above does that).
                try:
                    os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
                except ChildProcessError:
                    time.sleep(0.05)
    except KeyboardInterrupt:
        for r in running:
            r.kill()
        print("sweep %s: interrupted; %d cases finished, %d stopped and left pending (resume with "
              "'sweep run %s')" % (m["name"], done, len(running), folder), file=sys.stderr)
        return 130
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    print("sweep %s: %d done, %d failed in this run" % (m["name"], done, len(failures)))
    return 1 if failures else 0


# ----------------------------------------------------------------------------- submit
def submit(folder, ranks=None, exe_option=None, time_limit="01:00:00", partition=None,
           max_parallel=None, sbatch_args=(), dry_run=False, template=None, retry_failed=True):
    folder = os.path.abspath(folder)
    m = load_manifest(folder)
    check_base(m, folder)
    exe = find_exe(exe_option)
    ranks = ranks or m.get("ranks_per_case", 1)
    todo, skipped = select_cases(m, folder, retry_failed=retry_failed)
    if not todo:
        print("sweep %s: nothing to submit (%d done, %d running)" % (m["name"], skipped["done"],
                                                                     skipped["running"]))
        return 0, None
    indices = ",".join(str(c["index"]) for c in todo)
    array = indices + ("%%%d" % max_parallel if max_parallel else "")
    template = template or os.path.join(REPO, "hpc", "sweep-array.sbatch.in")
    with open(template) as f:
        text = f.read()
    slurm_dir = os.path.join(folder, "slurm")
    os.makedirs(slurm_dir, exist_ok=True)
    directives = []
    if partition:
        directives.append("#SBATCH --partition=%s" % partition)
    subst = {
        "@JOB_NAME@": "sweep-" + m["name"],
        "@ARRAY@": array,
        "@RANKS@": str(ranks),
        "@TIME@": time_limit,
        "@SLURM_DIR@": slurm_dir,
        "@EXTRA_DIRECTIVES@": "\n".join(directives),
        "@PYTHON@": sys.executable if sys.executable else "/usr/bin/python3",
        "@SWEEP@": os.path.join(REPO, "scripts", "sweep"),
        "@FOLDER@": shlex.quote(folder),
        "@EXE@": shlex.quote(exe),
        "@MPI_ENV@": os.path.join(REPO, "scripts", "mpi-env"),
    }
    for k, v in subst.items():
        text = text.replace(k, v)
    script = os.path.join(slurm_dir, "sweep-array.sbatch")
    write_atomic(script, text)
    cmd = ["sbatch", "--parsable"] + list(sbatch_args) + [script]
    if dry_run:
        print("would run: " + " ".join(shlex.quote(c) for c in cmd))
        return 0, None
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except OSError as e:
        raise UserError("cannot run sbatch: %s (is Slurm installed? hpc/slurm-local start)" % e.strerror)
    if r.returncode != 0:
        raise UserError("sbatch failed: %s" % (r.stderr.strip().splitlines() or ["?"])[-1])
    job = r.stdout.strip().split(";")[0]
    subs_path = os.path.join(slurm_dir, "submissions.json")
    subs = read_json(subs_path) or []
    subs.append({"job_id": job, "time": time.time(), "cases": [c["id"] for c in todo],
                 "array": array, "ranks": ranks, "script": script})
    write_atomic(subs_path, json.dumps(subs, indent=1) + "\n")
    print(job)
    return 0, job


# ----------------------------------------------------------------------------- collect
def collect(folder, out_csv=None, plots=True):
    folder = os.path.abspath(folder)
    m = load_manifest(folder)
    check_base(m, folder, fatal=False)
    rows, metric_names, missing = [], set(), []
    for c in m["cases"]:
        st, info = case_state(folder, c["id"])
        row = {"sweep": m["name"], "case": c["id"], "status": st}
        row.update(m.get("base_values", {}))
        row.update(c["parameters"])
        if st == "done":
            s = read_json(os.path.join(case_dir(folder, c["id"]), "out", "study.json")) or {}
            for k in ("procedure", "anatomy_preset", "surgery_plan"):
                v = (s.get("study") or {}).get(k)
                row["study." + k] = "" if v is None else v
            for k, v in (s.get("metrics") or {}).items():
                metric_names.add(k)
                row[k] = v
        else:
            missing.append("%s (%s)" % (c["id"], st))
        rows.append(row)
    context = [k for k in CONTEXT if k not in m["parameters"]]
    columns = (["sweep", "case", "status"] + list(m["parameters"]) + context +
               ["study.procedure", "study.anatomy_preset", "study.surgery_plan"] + sorted(metric_names))
    out_csv = out_csv or os.path.join(folder, "collected.csv")
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(out_csv)), prefix=".tmp-")
    with os.fdopen(fd, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow([fmt(row.get(k)) for k in columns])
    os.replace(tmp, out_csv)
    print("%s: %d cases, %d metrics -> %s" % (m["name"], len(rows), len(metric_names), out_csv))
    if missing:
        print("warning: %d cases have no results (empty metric cells): %s"
              % (len(missing), ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")),
              file=sys.stderr)
    if plots:
        from . import plots as plotmod
        for p in plotmod.sweep_plots(rows, m, os.path.join(folder, "plots")):
            print("  plot " + p)
    return 0


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)
