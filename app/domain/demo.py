"""What writing the demo département produced, for the CLI and the first-start dialog."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSummary:
    """Counts of the rows written by `write_demo`, per kind."""

    seed: int
    size: str
    department: str
    territories: int
    indicators: int
    indicator_values: int
    secret_values: int
    needs: int
    organisations: int
    projects: int
    funding_lines: int
    pool_members: int
    assignments: int
    bodies: int
    meetings: int
    decisions: int
    evaluations: int
    total_rows: int

    def describe(self) -> str:
        """A short French summary, one fact per line."""
        return "\n".join(
            [
                f"Département de démonstration « {self.department} » écrit (graine {self.seed}, "
                f"taille {'grande' if self.size == 'large' else 'petite'}).",
                f"Territoires : {self.territories} ; indicateurs : {self.indicators} "
                f"({self.indicator_values} valeurs, dont {self.secret_values} sous secret statistique).",
                f"Besoins prioritaires du diagnostic : {self.needs}.",
                f"Organisations : {self.organisations} ; projets : {self.projects} "
                f"({self.funding_lines} lignes de financement).",
                f"Agents du pool : {self.pool_members} ({self.assignments} affectations).",
                f"Organes : {self.bodies} ; séances : {self.meetings} ; décisions : {self.decisions}.",
                f"Évaluations : {self.evaluations}.",
                f"Lignes écrites au total : {self.total_rows}.",
            ]
        )
