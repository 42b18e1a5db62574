import { MeshModel } from '../translate';
import { MeshBackendClient } from './MeshBackendClient';

/**
 * A model read from the mesh backend, with where and when it was read.
 *
 * @public
 */
export interface FetchedMeshModel extends MeshModel {
  /** Base URL of the mesh backend it was read from. */
  baseUrl: string;
  fetchedAt: Date;
}

/**
 * The one reader of the mesh backend in this module, shared by the entity
 * provider (which fetches on its schedule and on events) and the processor
 * (which only needs the last model). Concurrent callers share one request.
 *
 * @public
 */
export class MeshModelFetcher {
  private last: FetchedMeshModel | undefined;
  private inFlight: Promise<FetchedMeshModel> | undefined;

  constructor(
    private readonly client: Pick<MeshBackendClient, 'fetchModel' | 'baseUrl'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Reads the model now (joining a read in progress) and remembers it. */
  fetch(): Promise<FetchedMeshModel> {
    if (!this.inFlight) {
      this.inFlight = this.read().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** The last model read, if any read has succeeded yet. */
  latest(): FetchedMeshModel | undefined {
    return this.last;
  }

  /** The last model, or a fresh read when there has been none. */
  async latestOrFetch(): Promise<FetchedMeshModel> {
    return this.last ?? this.fetch();
  }

  private async read(): Promise<FetchedMeshModel> {
    const [baseUrl, model] = await Promise.all([this.client.baseUrl(), this.client.fetchModel()]);
    this.last = { ...model, baseUrl, fetchedAt: this.clock() };
    return this.last;
  }
}
