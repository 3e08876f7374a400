"""What operators and their tools ask of a running process: is it healthy and ready
(health.py, for load balancers and orchestrators), what is waiting (metrics.py, for
Prometheus), served by views.py."""
