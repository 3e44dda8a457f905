"""How the build uses the machine: forked workers, the garbage-collector pause."""
