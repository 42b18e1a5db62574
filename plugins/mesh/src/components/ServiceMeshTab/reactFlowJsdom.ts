/**
 * React Flow measures nodes with ResizeObserver and reads transforms with
 * DOMMatrixReadOnly, which jsdom lacks: the stubs of React Flow's documented
 * test setup, with a content box on each observed entry because recharts'
 * ResponsiveContainer reads its size from there. For tests only.
 */
export function installReactFlowJsdomStubs(): void {
  beforeAll(() => {
    class ResizeObserverStub {
      constructor(private readonly callback: ResizeObserverCallback) {}
      observe(target: Element) {
        const contentRect = { x: 0, y: 0, top: 0, left: 0, right: 800, bottom: 600, width: 800, height: 600 };
        this.callback([{ target, contentRect } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
      }
      unobserve() {}
      disconnect() {}
    }
    (global as any).ResizeObserver = ResizeObserverStub;
    (global as any).DOMMatrixReadOnly = class {
      m22 = 1;
    };
    Object.defineProperties(HTMLElement.prototype, {
      offsetHeight: { get: () => 600, configurable: true },
      offsetWidth: { get: () => 800, configurable: true },
    });
    (SVGElement.prototype as any).getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 });
  });
}
