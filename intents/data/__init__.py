"""Training data in Rasa 3.x format (nlu.yml, domain.yml, config.yml) and its generator."""
