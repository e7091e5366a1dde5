"""Small scripts run in subprocesses: the baselines measured in the same run as the app."""
