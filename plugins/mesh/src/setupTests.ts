import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Four engineers share two cores: pages load lazily and may take seconds to appear
// under load. These are ceilings, not expectations: a test that renders at once
// finishes at once.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);
