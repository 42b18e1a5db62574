import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Four engineers share two cores: pages load lazily and may take seconds to appear
// under load. Waiting longer changes nothing when they appear at once.
configure({ asyncUtilTimeout: 15_000 });
