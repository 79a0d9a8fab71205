from paperlint.cli.main import main

raise SystemExit(main())
