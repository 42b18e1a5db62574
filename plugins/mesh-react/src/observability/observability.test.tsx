import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { ObservabilityErrorPanel } from './ObservabilityErrorPanel';
import { TimeSeriesChart } from './TimeSeriesChart';
import { demoGraph } from '../__testUtils__/testGraphs';
import { TopologyGraphView } from './topology/TopologyGraphView';

// React Flow measures nodes with ResizeObserver and reads transforms with
// DOMMatrixReadOnly, which jsdom lacks (React Flow's documented test setup).
beforeAll(() => {
  class ResizeObserverStub {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  }
  (global as any).ResizeObserver = ResizeObserverStub;
  (global as any).DOMMatrixReadOnly = class {
    m22: number;
    constructor(transform: string) {
      const scale = transform?.match(/scale\(([1-9.])\)/)?.[1];
      this.m22 = scale !== undefined ? +scale : 1;
    }
  };
  Object.defineProperties(HTMLElement.prototype, {
    offsetHeight: { get: () => 600, configurable: true },
    offsetWidth: { get: () => 800, configurable: true },
  });
  (SVGElement.prototype as any).getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 });
});

describe('TopologyGraphView', () => {
  it('draws the nodes with their health and shows a selected edge’s figures and cluster parts', async () => {
    await renderInTestApp(<TopologyGraphView graph={demoGraph()} grouping="namespace" focusNodeId="svc:shop:catalog" />);
    const graph = screen.getByTestId('topology-graph');
    const frontend = (await within(graph).findByText('frontend')).closest('.react-flow__node')!;
    fireEvent.click(frontend);
    const details = screen.getByTestId('topology-details');
    fireEvent.click(within(details).getByRole('button', { name: /shop\/frontend → shop\/catalog/ }));
    const edge = screen.getByTestId('edge-details');
    expect(within(edge).getByText('Cross-cluster')).toBeInTheDocument();
    expect(within(edge).getByText('Latency p99')).toBeInTheDocument();
    const parts = within(edge).getByRole('table', { name: 'per-cluster parts' });
    expect(within(parts).getByText(/east → west/)).toBeInTheDocument();
  });

  it('collapses a namespace into one node and expands it again from the side panel', async () => {
    await renderInTestApp(<TopologyGraphView graph={demoGraph()} grouping="namespace" />);
    const graph = screen.getByTestId('topology-graph');
    expect(await within(graph).findByText('ledger')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(within(graph).queryByText('ledger')).not.toBeInTheDocument();
    fireEvent.click(within(graph).getByText('namespace payments').closest('.react-flow__node')!);
    fireEvent.click(screen.getByRole('button', { name: 'Expand namespace payments' }));
    expect(within(graph).getByText('ledger')).toBeInTheDocument();
  });

  it('says so when there is no traffic', async () => {
    await renderInTestApp(<TopologyGraphView graph={{ ...demoGraph(), nodes: [], edges: [] }} />);
    expect(screen.getByText(/No traffic in this window/)).toBeInTheDocument();
  });
});

describe('ObservabilityErrorPanel', () => {
  it('names the reason when the mesh’s Prometheus could not answer', async () => {
    const error = Object.assign(new Error('Request failed with 503'), {
      statusCode: 503,
      body: {
        error: { name: 'ServiceUnavailableError', message: "Prometheus of mesh 'demo' at http://127.0.0.1:9: connect ECONNREFUSED", reason: 'unreachable', backend: 'prometheus' },
      },
    });
    await renderInTestApp(<ObservabilityErrorPanel what="topology" error={error} />);
    expect(screen.getByText(/No topology: the mesh’s Prometheus is unreachable/)).toBeInTheDocument();
    expect(screen.getByText(/connect ECONNREFUSED/)).toBeInTheDocument();
  });
});

describe('TimeSeriesChart', () => {
  it('draws one line per series and says when there is no data', async () => {
    const { container } = await renderInTestApp(
      <TimeSeriesChart
        width={600}
        series={[
          { name: 'east', points: [[1, 2], [2, 3]] },
          { name: 'west', points: [[1, 1], [2, null]] },
        ]}
      />,
    );
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(2);
    await renderInTestApp(<TimeSeriesChart series={[]} emptyText="Nothing here" />);
    expect(screen.getByText('Nothing here')).toBeInTheDocument();
  });
});
