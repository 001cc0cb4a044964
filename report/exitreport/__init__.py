"""exitreport: turn exit-probe serial logs into a Markdown report and charts."""
