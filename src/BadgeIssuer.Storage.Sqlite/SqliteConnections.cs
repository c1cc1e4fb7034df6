// SQLite through Microsoft.Data.Sqlite: one file, WAL journal, synchronous=FULL so an acknowledged write survives a
// power cut. Pooled connections; the per-connection pragmas are applied once per native connection.
using System.Runtime.CompilerServices;
using BadgeIssuer.Core.Configuration;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Where the database file is, and open connections to it with the per-connection settings applied.</summary>
public sealed class SqliteConnections
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "badgeissuer.db";

    /// <summary>The settings every connection runs with: durable commits, foreign keys, and a wait for the write lock.</summary>
    private const string ConnectionPragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    private static readonly object Configured = new();
    private readonly string _connectionString;

    /// <summary>Native connections whose per-connection settings are applied; an entry goes when its connection is collected.</summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    /// <summary>The database in <paramref name="dataDirectory"/>; nothing is opened or created until the store starts.</summary>
    public SqliteConnections(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        FilePath = Path.Combine(DataDirectory, FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// An open connection with the per-connection settings applied. The pool hands out the same native connections
    /// again; the settings are applied once per native connection, when it is first seen.
    /// </summary>
    public SqliteConnection Open()
    {
        SqliteConnection connection = new(_connectionString);
        connection.Open();
        if (_configured.TryGetValue(connection.Handle!, out _)) return connection;
        Run(connection, ConnectionPragmas);
        _configured.AddOrUpdate(connection.Handle!, Configured);
        return connection;
    }

    /// <summary>
    /// Makes the data directory (mode 0700) and an empty database file (mode 0600) before SQLite first opens it, or takes
    /// the group's and others' permissions off an existing file and its <c>-wal</c> and <c>-shm</c> files. SQLite's unix
    /// VFS creates <c>-wal</c> and <c>-shm</c> with the mode of the database file, so they are 0600 too.
    /// </summary>
    internal void CreateOwnerOnlyFile()
    {
        PrivateFiles.CreateDirectory(DataDirectory);
        try
        {
            new FileStream(FilePath, PrivateFiles.NewFile(FileAccess.Write)).Dispose();
        }
        catch (IOException) when (File.Exists(FilePath))
        {
            foreach (string file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm" }) PrivateFiles.RestrictToOwner(file);
        }
    }

    /// <summary>A connection without the per-connection settings, for the schema step that must run before them.</summary>
    internal SqliteConnection OpenBare()
    {
        SqliteConnection connection = new(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs statements that take no parameters and return nothing (pragmas, transaction control, DDL).</summary>
    internal static void Run(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A command with its parameters bound by name.</summary>
    internal static SqliteCommand Command(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
