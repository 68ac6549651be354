"""Named-entity recognition: HanLP model, gazetteers and rules."""
