/*
 * The drawable panels of a Grafana dashboard JSON: panels with Prometheus
 * targets, including those nested in collapsed rows. Pure.
 */

/** A Prometheus query of a panel. */
export interface PanelTarget {
  refId: string;
  expr: string;
  legendFormat?: string;
  /** Grafana's instant toggle: one value at the end of the range. */
  instant: boolean;
}

/** A panel Meshfleet can render. */
export interface DashboardPanel {
  id: number;
  title: string;
  type: string;
  unit?: string;
  description?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  /** Title of the row the panel sits under. */
  row?: string;
  targets: PanelTarget[];
}

const NOT_DRAWN = new Set(['row', 'text', 'dashlist', 'news', 'annolist']);

/** The panels in dashboard order (rows flattened, each panel tagged with its row). */
export function drawablePanels(dashboard: Record<string, any>): DashboardPanel[] {
  const out: DashboardPanel[] = [];
  let currentRow: string | undefined;
  const visit = (panels: any[], row?: string) => {
    for (const p of panels ?? []) {
      if (p?.type === 'row') {
        currentRow = typeof p.title === 'string' ? p.title : undefined;
        visit(p.panels ?? [], currentRow);
        continue;
      }
      if (NOT_DRAWN.has(p?.type) || typeof p?.id !== 'number') {
        continue;
      }
      const targets: PanelTarget[] = (p.targets ?? [])
        .filter((t: any) => typeof t?.expr === 'string' && t.expr.trim() && !t.hide)
        .map((t: any) => ({
          refId: String(t.refId ?? ''),
          expr: t.expr,
          ...(typeof t.legendFormat === 'string' ? { legendFormat: t.legendFormat } : {}),
          instant: t.instant === true,
        }));
      if (targets.length === 0) {
        continue;
      }
      const unit = p.fieldConfig?.defaults?.unit;
      out.push({
        id: p.id,
        title: typeof p.title === 'string' ? p.title : '',
        type: String(p.type),
        ...(typeof unit === 'string' && unit ? { unit } : {}),
        ...(typeof p.description === 'string' && p.description.trim() ? { description: p.description.trim() } : {}),
        ...(p.gridPos ? { gridPos: { x: p.gridPos.x, y: p.gridPos.y, w: p.gridPos.w, h: p.gridPos.h } } : {}),
        ...(row ?? currentRow ? { row: row ?? currentRow } : {}),
        targets,
      });
    }
  };
  visit(dashboard.panels ?? []);
  return out;
}
