/** A Mantine `Anchor` that navigates with the router (typed `to` and `params`). */
import { Anchor } from '@mantine/core';
import { createLink } from '@tanstack/react-router';

export const AnchorLink = createLink(Anchor);
