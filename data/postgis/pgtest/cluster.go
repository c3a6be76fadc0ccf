package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
)

// Cluster is a PostgreSQL cluster a test starts for itself, on loopback,
// when it needs a whole server rather than a database: a primary and its
// streaming replica, a server stopped and started again. It is tuned for
// speed (fsync off) and removed when the test ends. Without the server
// binaries the test skips, except under CI=true, where it fails.
type Cluster struct {
	t     testing.TB
	Dir   string // holds data/, the log and the unix socket
	Port  int
	bin   string
	owner []string // runuser -u postgres -- when running as root
}

// NewCluster initialises and starts a cluster that can stream its WAL to
// replicas (wal_level replica, replication connections trusted on
// loopback, as initdb's defaults allow).
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	c := newCluster(t)
	c.run("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	c.configure("wal_level = replica\nmax_wal_senders = 4\nwal_keep_size = '64MB'\n")
	c.Start()
	return c
}

// Replica makes a hot standby of c with pg_basebackup -R (a base backup
// that streams from c once started) and starts it. The backup asks for an
// immediate checkpoint: a spread one made it wait three and a half minutes.
func (c *Cluster) Replica() *Cluster {
	c.t.Helper()
	r := newCluster(c.t)
	r.run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", "postgres", "-D", r.data(), "-R",
		"-X", "stream", "--checkpoint=fast", "--no-sync")
	r.configure("hot_standby = on\n")
	r.Start()
	return r
}

// URL is the URL of database db on the cluster.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, db)
}

// Start starts the cluster on its port.
func (c *Cluster) Start() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data(), "-o", "-p "+strconv.Itoa(c.Port), "-l", filepath.Join(c.Dir, "server.log"), "-w", "-t", "60", "start")
}

// Stop stops the cluster (fast mode: sessions are ended, the data kept).
func (c *Cluster) Stop() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop")
}

func newCluster(t testing.TB) *Cluster {
	t.Helper()
	version := os.Getenv("MAILLAGE_PG_VERSION")
	if version == "" {
		version = "15"
	}
	bin := "/usr/lib/postgresql/" + version + "/bin"
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL server binaries in %s under CI=true", bin)
		}
		t.Skipf("no PostgreSQL server binaries in %s: make test installs them", bin)
	}
	c := &Cluster{t: t, bin: bin}
	base := os.TempDir()
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: the cluster belongs to the
		// postgres OS user, in a directory it can reach.
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root without a postgres OS user to own a cluster: %v", err)
		}
		c.owner = []string{"runuser", "-u", "postgres", "--"}
		base = "/tmp"
		dir, err := os.MkdirTemp(base, "maillage-cluster-")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.Dir = dir
	} else {
		dir, err := os.MkdirTemp(base, "maillage-cluster-")
		if err != nil {
			t.Fatal(err)
		}
		c.Dir = dir
	}
	if err := os.Chmod(c.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	c.Port = freePort(t)
	t.Cleanup(func() {
		if _, err := os.Stat(filepath.Join(c.data(), "postmaster.pid")); err == nil {
			line := c.command("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop")
			_ = exec.Command(line[0], line[1:]...).Run()
		}
		if !t.Failed() || os.Getenv("MAILLAGE_PG_KEEP") != "1" {
			_ = os.RemoveAll(c.Dir)
		}
	})
	return c
}

func (c *Cluster) data() string { return filepath.Join(c.Dir, "data") }

// configure appends settings to the cluster's postgresql.conf, after the
// loopback-only, fast and small ones every test cluster has.
func (c *Cluster) configure(extra string) {
	c.t.Helper()
	conf := fmt.Sprintf("listen_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nfsync = off\n"+
		"synchronous_commit = off\nfull_page_writes = off\nshared_buffers = 128MB\nmax_connections = 50\n"+
		"logging_collector = off\n%s", c.Dir, extra)
	f, err := os.OpenFile(filepath.Join(c.data(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("\n" + conf); err != nil {
		c.t.Fatal(err)
	}
}

// command is a server program's command line, run as the cluster's owner.
func (c *Cluster) command(program string, args ...string) []string {
	return append(append(append([]string{}, c.owner...), filepath.Join(c.bin, program)), args...)
}

// run runs a server program and fails the test with its output if it fails.
func (c *Cluster) run(program string, args ...string) {
	c.t.Helper()
	line := c.command(program, args...)
	out, err := exec.Command(line[0], line[1:]...).CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.Dir, "server.log"))
		c.t.Fatalf("%s: %v\n%s\nserver log:\n%s", program, err, out, log)
	}
}

// freePort is a TCP port nobody listens on at 127.0.0.1 (the cluster takes
// it just after: a race with other processes is possible but rare here).
func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
