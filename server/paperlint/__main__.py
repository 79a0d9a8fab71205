from paperlint.cli import main

raise SystemExit(main())
